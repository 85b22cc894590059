#!/usr/bin/env bash
# Local real infrastructure without Docker: PostgreSQL 15 -> FerretDB (MongoDB wire
# protocol) and an Apache Kafka 3.9.1 KRaft broker with PLAINTEXT and SSL listeners.
#
#   infra.sh up     [postgres|mongo|kafka ...]   install what is missing, start, wait until ready
#   infra.sh down   [postgres|mongo|kafka ...]   stop only what this script started
#   infra.sh status
#
# Downloads, builds, data and logs live in one git-ignored folder (.infra by default).
# A server that already answers on its port is reused and never stopped by `down`.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
if [[ -f $ROOT_DIR/.env ]]; then # the INFRA_* settings may live there
  set -a
  # shellcheck disable=SC1091
  . "$ROOT_DIR/.env"
  set +a
fi
CACHE=${INFRA_DIR:-$ROOT_DIR/.infra}
LOGS=$CACHE/logs
RUN=$CACHE/run

PG_PORT=${INFRA_POSTGRES_PORT:-55432}
MONGO_PORT=${INFRA_MONGO_PORT:-27017}
KAFKA_PORT=${INFRA_KAFKA_PORT:-9092}
KAFKA_SSL_PORT=${INFRA_KAFKA_SSL_PORT:-9093}
KAFKA_CONTROLLER_PORT=${INFRA_KAFKA_CONTROLLER_PORT:-9094}
KAFKA_HEAP=${INFRA_KAFKA_HEAP:-512m}
READY_TIMEOUT=${INFRA_READY_TIMEOUT:-90}

mkdir -p "$LOGS" "$RUN"

log() { printf '[infra] %s\n' "$*" >&2; }

fail() {
  log "ERROR: $1"
  if [[ -n ${2:-} && -f $2 ]]; then
    log "last lines of $2:"
    tail -n 40 "$2" >&2
  fi
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -f $RUN/$1.pid ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_until() { # description, log file, command...
  local what=$1 logfile=$2 deadline=$((SECONDS + READY_TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what not ready after ${READY_TIMEOUT}s" "$logfile"
    sleep 0.5
  done
}

stop_pid() { # name
  local name=$1 pidfile=$RUN/$1.pid pid
  if ! pid_alive "$name"; then
    rm -f "$pidfile"
    return 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within 30s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$name stopped"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $dir ]]; then
    [[ $(id -u) == 0 ]] || fail "PostgreSQL is not installed: run 'apt-get install -y postgresql' as root"
    log "installing PostgreSQL from Debian's packages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || fail "apt-get install postgresql failed"
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# initdb and pg_ctl refuse to run as root; as root they run as the postgres user,
# which must be able to reach the data folder (a clone under a private temp dir may not be).
as_pg() {
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The PostgreSQL folder: data/ and postgres.log (linked from the logs folder).
pg_dir() {
  local dir=$CACHE/postgres
  if [[ $(id -u) == 0 ]]; then
    mkdir -p "$dir"
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      dir=/var/tmp/retail-order-platform-postgres-$(printf '%s' "$CACHE" | md5sum | cut -c1-8)
      mkdir -p "$dir"
      chown postgres: "$dir"
    fi
  fi
  echo "$dir"
}

postgres_up() {
  local bin dir data logfile
  if pg_isready_ok; then
    log "postgres: reusing the server on 127.0.0.1:$PG_PORT"
    return 0
  fi
  bin=$(pg_bin)
  dir=$(pg_dir)
  data=$dir/data
  logfile=$dir/postgres.log
  [[ $logfile == "$LOGS/postgres.log" ]] || ln -sfn "$logfile" "$LOGS/postgres.log"
  if [[ ! -f $data/PG_VERSION ]]; then
    log "postgres: initdb in $data"
    as_pg mkdir -p "$data"
    as_pg "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --no-instructions >"$LOGS/initdb.log" 2>&1 \
      || fail "initdb failed" "$LOGS/initdb.log"
  fi
  as_pg touch "$logfile"
  as_pg "$bin/pg_ctl" -D "$data" -l "$logfile" -w -t "$READY_TIMEOUT" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c shared_buffers=128MB -c fsync=on" \
    start >/dev/null || fail "postgres did not start" "$logfile"
  head -n 1 "$data/postmaster.pid" >"$RUN/postgres.pid"
  wait_until "postgres" "$logfile" pg_isready_ok
  if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ferretdb
  fi
  # Equality lookups through indexes (see the SQL file); custom plans so FerretDB's
  # parameterised key (_jsonb -> $1) matches the index expression. Idempotent.
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d ferretdb -v ON_ERROR_STOP=1 -q \
    -c "ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan" \
    -f "$ROOT_DIR/infra/ferretdb/lookup-indexes.sql" >/dev/null \
    || fail "could not install the lookup index trigger" "$logfile"
  log "postgres: ready on 127.0.0.1:$PG_PORT"
}

pg_isready_ok() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; }

postgres_down() {
  pid_alive postgres || { rm -f "$RUN/postgres.pid"; return 0; }
  as_pg "$(pg_bin)/pg_ctl" -D "$(pg_dir)/data" -m fast -w stop >/dev/null 2>&1 || stop_pid postgres
  rm -f "$RUN/postgres.pid"
  log "postgres stopped"
}

# ------------------------------------------------------------------ FerretDB
ferretdb_binary() {
  local bin=$CACHE/bin/ferretdb src=$ROOT_DIR/infra/ferretdb
  if [[ ! -x $bin || $src/main.go -nt $bin || $src/go.sum -nt $bin ]]; then
    command -v go >/dev/null || fail "Go is needed to build FerretDB (https://go.dev/dl)"
    log "mongo: building FerretDB v1.24.2 (about a minute the first time)"
    mkdir -p "$CACHE/bin"
    (cd "$src" && go build -o "$bin" .) >"$LOGS/ferretdb-build.log" 2>&1 \
      || fail "go build of FerretDB failed" "$LOGS/ferretdb-build.log"
  fi
  echo "$bin"
}

mongo_up() {
  local logfile=$LOGS/ferretdb.log bin
  # FerretDB is only as up as its PostgreSQL: bring that back first, even when reusing it.
  postgres_up
  if pid_alive mongo || port_open "$MONGO_PORT"; then
    log "mongo: reusing the server on 127.0.0.1:$MONGO_PORT"
    wait_until "mongo" "$logfile" node "$ROOT_DIR/infra/probe.js" mongo "mongodb://127.0.0.1:$MONGO_PORT/"
    return 0
  fi
  bin=$(ferretdb_binary)
  nohup "$bin" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://postgres@127.0.0.1:$PG_PORT/ferretdb?pool_max_conns=250" \
    >"$logfile" 2>&1 &
  echo $! >"$RUN/mongo.pid"
  wait_until "mongo (FerretDB)" "$logfile" node "$ROOT_DIR/infra/probe.js" mongo "mongodb://127.0.0.1:$MONGO_PORT/"
  log "mongo: FerretDB ready on 127.0.0.1:$MONGO_PORT"
}

mongo_down() { stop_pid mongo; }

# --------------------------------------------------------------------- Kafka
kafka_jars() {
  local libs=$CACHE/kafka/libs pom=$ROOT_DIR/infra/kafka/pom.xml
  if [[ ! -f $libs/.complete || $pom -nt $libs/.complete ]]; then
    command -v mvn >/dev/null || fail "Maven is needed to fetch the Kafka jars"
    log "kafka: fetching Apache Kafka 3.9.1 jars from Maven Central"
    rm -rf "$libs"
    mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" \
      >"$LOGS/kafka-fetch.log" 2>&1 || fail "fetching the Kafka jars failed" "$LOGS/kafka-fetch.log"
    touch "$libs/.complete"
  fi
  echo "$libs"
}

kafka_config() {
  local dir=$CACHE/kafka certs=$ROOT_DIR/certs
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
ssl.keystore.type=PEM
ssl.keystore.location=$certs/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$certs/ca.crt
ssl.client.auth=required
EOF
  cat >"$dir/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
  echo "$dir"
}

kafka_probe() { node "$ROOT_DIR/infra/probe.js" kafka "127.0.0.1:$KAFKA_PORT" "127.0.0.1:$KAFKA_SSL_PORT"; }

kafka_up() {
  local logfile=$LOGS/kafka.log libs dir cluster_id
  if pid_alive kafka || port_open "$KAFKA_PORT"; then
    log "kafka: reusing the broker on 127.0.0.1:$KAFKA_PORT"
    wait_until "kafka" "$logfile" kafka_probe
    return 0
  fi
  command -v java >/dev/null || fail "Java 17 is needed to run Kafka"
  bash "$ROOT_DIR/certs/generate.sh"
  libs=$(kafka_jars)
  dir=$(kafka_config)
  if [[ ! -f $dir/data/meta.properties ]]; then
    cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$libs/*" -Dlog4j.configuration="file:$dir/log4j.properties" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$dir/server.properties" >"$LOGS/kafka-format.log" 2>&1 \
      || fail "formatting the Kafka log dir failed" "$LOGS/kafka-format.log"
  fi
  nohup java "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$dir/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$logfile" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  wait_until "kafka" "$logfile" kafka_probe
  log "kafka: ready, PLAINTEXT 127.0.0.1:$KAFKA_PORT, SSL 127.0.0.1:$KAFKA_SSL_PORT"
}

kafka_down() { stop_pid kafka; }

# ---------------------------------------------------------------------- main
status() {
  local name port
  for name in postgres mongo kafka; do
    case $name in
      postgres) port=$PG_PORT ;;
      mongo) port=$MONGO_PORT ;;
      kafka) port=$KAFKA_PORT ;;
    esac
    if pid_alive "$name"; then
      printf '%-9s up    127.0.0.1:%-6s pid %s (started here)\n' "$name" "$port" "$(cat "$RUN/$name.pid")"
    elif port_open "$port"; then
      printf '%-9s up    127.0.0.1:%-6s (not started here; left alone)\n' "$name" "$port"
    else
      printf '%-9s down  127.0.0.1:%s\n' "$name" "$port"
    fi
  done
  printf 'logs: %s\n' "$LOGS"
}

components() { if (($# == 0)); then echo "$DEFAULT"; else echo "$@"; fi; }

cmd=${1:-status}
shift || true
case $cmd in
  up)
    DEFAULT="mongo kafka"
    for c in $(components "$@"); do "${c}_up"; done
    ;;
  down)
    DEFAULT="kafka mongo postgres"
    for c in $(components "$@"); do "${c}_down"; done
    ;;
  status) status ;;
  *)
    echo "usage: $0 up|down [postgres|mongo|kafka ...] | status" >&2
    exit 2
    ;;
esac
