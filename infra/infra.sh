#!/usr/bin/env bash
# Local real infrastructure without Docker: PostgreSQL 15 for the catalog, a second PostgreSQL
# cluster under FerretDB (MongoDB wire protocol) for the orders, and an Apache Kafka 3.9.1
# KRaft broker with PLAINTEXT and SSL listeners (INFRA_KAFKA_BROKERS=3: a three-broker cluster);
# nginx as the gateway in front of the apps; a stand-in for Stripe's API (payments).
#
#   infra.sh up     [postgres|mongo|kafka|payments|gateway ...]   install what is missing, start, wait until ready
#   infra.sh down   [postgres|mongo|kafka|payments|gateway ...]   stop only what this script started
#   infra.sh up browser                                  Chromium for npm run test:web (installed, not run)
#   infra.sh install                                     only fetch, build and install what `up` needs
#                                                        (no server started, no node_modules needed)
#   infra.sh status
#
# Downloads, builds, data and logs live in one git-ignored folder (.infra by default).
# A server that already answers on its port is reused and never stopped by `down`.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
# The INFRA_* settings may live in .env, which fills in what the environment does not set (as the apps read it): the environment wins.
if [[ -f $ROOT_DIR/.env ]]; then
  __environment=$(export -p)
  set -a
  # shellcheck disable=SC1091
  . "$ROOT_DIR/.env"
  set +a
  eval "$__environment" 2>/dev/null || true # a read-only variable cannot be declared again
  unset __environment
fi
CACHE=${INFRA_DIR:-$ROOT_DIR/.infra}
LOGS=$CACHE/logs
RUN=$CACHE/run

PG_PORT=${INFRA_POSTGRES_PORT:-55432}
FERRETDB_PG_PORT=${INFRA_FERRETDB_POSTGRES_PORT:-55433}
MONGO_PORT=${INFRA_MONGO_PORT:-27017}
KAFKA_PORT=${INFRA_KAFKA_PORT:-9092}
KAFKA_SSL_PORT=${INFRA_KAFKA_SSL_PORT:-9093}
KAFKA_CONTROLLER_PORT=${INFRA_KAFKA_CONTROLLER_PORT:-9094}
KAFKA_HEAP=${INFRA_KAFKA_HEAP:-512m}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
PAYMENT_PROVIDER_PORT=${INFRA_PAYMENT_PROVIDER_PORT:-12180}
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

# A process killed a moment ago may linger as a zombie until it is reaped: that is not alive.
pid_alive() {
  local state
  [[ -f $RUN/$1.pid ]] || return 1
  state=$(ps -o stat= -p "$(cat "$RUN/$1.pid")" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

wait_until() { # description, log file, command...
  local what=$1 logfile=$2 deadline=$((SECONDS + READY_TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what not ready after ${READY_TIMEOUT}s" "$logfile"
    sleep 0.5
  done
}

# A Debian package the script needs, installed when run as root (else it says what to run).
debian_install() { # what, package
  [[ $(id -u) == 0 ]] || fail "$1 is not installed: run 'apt-get install -y $2' as root"
  log "installing $1 from Debian's packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null) \
    || fail "apt-get install $2 failed"
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

# One file per server; each defines <name>_up and <name>_down.
# shellcheck source=infra/lib/postgres.sh
. "$ROOT_DIR/infra/lib/postgres.sh"
# shellcheck source=infra/lib/ferretdb.sh
. "$ROOT_DIR/infra/lib/ferretdb.sh"
# shellcheck source=infra/lib/kafka.sh
. "$ROOT_DIR/infra/lib/kafka.sh"
# shellcheck source=infra/lib/gateway.sh
. "$ROOT_DIR/infra/lib/gateway.sh"
# shellcheck source=infra/lib/payments.sh
. "$ROOT_DIR/infra/lib/payments.sh"
# shellcheck source=infra/lib/browser.sh
. "$ROOT_DIR/infra/lib/browser.sh"

# ---------------------------------------------------------------------- main
status() {
  local name port
  for name in postgres mongo-store mongo kafka kafka-1 kafka-2 kafka-3 payments gateway; do
    case $name in
      kafka-[123])
        pid_alive "$name" || continue # cluster nodes are listed only while they run
        port=$(kafka_node_port "${name#kafka-}" "$KAFKA_PORT") ;;
      gateway) port=$GATEWAY_PORT ;;
      payments) port=$PAYMENT_PROVIDER_PORT ;;
      postgres) port=$PG_PORT ;;
      mongo-store) port=$FERRETDB_PG_PORT ;;
      mongo) port=$MONGO_PORT ;;
      kafka)
        pid_alive kafka-1 && continue
        port=$KAFKA_PORT ;;
    esac
    if pid_alive "$name"; then
      printf '%-11s up    127.0.0.1:%-6s pid %s (started here)\n' "$name" "$port" "$(cat "$RUN/$name.pid")"
    elif port_open "$port"; then
      printf '%-11s up    127.0.0.1:%-6s (not started here; left alone)\n' "$name" "$port"
    else
      printf '%-11s down  127.0.0.1:%s\n' "$name" "$port"
    fi
  done
  printf 'logs: %s\n' "$LOGS"
}

components() { if (($# == 0)); then echo "$DEFAULT"; else echo "$@"; fi; }

# What `up` would download, build or install, without starting anything: CI runs it beside
# `npm ci`, which it does not need. Apt runs one package at a time (its lock).
install() {
  pg_bin >/dev/null
  ferretdb_binary >/dev/null
  kafka_jars >/dev/null
  nginx_bin >/dev/null
  chromium_bin >/dev/null
  stripe_mock_bin >/dev/null
  log "install: PostgreSQL, FerretDB, the Kafka jars, nginx, Chromium and stripe-mock are in place"
}

cmd=${1:-status}
shift || true
case $cmd in
  up)
    DEFAULT="postgres mongo kafka payments gateway"
    for c in $(components "$@"); do "${c}_up"; done
    ;;
  down)
    DEFAULT="gateway payments kafka mongo postgres"
    for c in $(components "$@"); do "${c}_down"; done
    ;;
  status) status ;;
  install) install ;;
  *)
    echo "usage: $0 up|down [postgres|mongo|kafka|payments|gateway|browser ...] | install | status" >&2
    exit 2
    ;;
esac
