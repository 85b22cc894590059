# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
# ---------------------------------------------------------------- PostgreSQL
# Two clusters of Debian's PostgreSQL, as in production where the two stores are separate servers:
#   postgres     the catalog's database (port INFRA_POSTGRES_PORT)
#   mongo-store  FerretDB's storage, started and stopped with `mongo` (port INFRA_FERRETDB_POSTGRES_PORT)
# so stopping the catalog's PostgreSQL leaves the orders' MongoDB answering, and the other way round.
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $dir ]]; then
    debian_install PostgreSQL postgresql
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# initdb and pg_ctl refuse to run as root; as root they run as the postgres user,
# which must be able to reach the data folder (a clone under a private temp dir may not be).
as_pg() {
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A cluster's folder (data/ and postgres.log) by name: postgres or mongo-store.
pg_dir() {
  local name=$1 dir=$CACHE/$1
  if [[ $(id -u) == 0 ]]; then
    mkdir -p "$dir"
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      dir=/var/tmp/retail-order-platform-$name-$(printf '%s' "$CACHE" | md5sum | cut -c1-8)
      mkdir -p "$dir"
      chown postgres: "$dir"
    fi
  fi
  echo "$dir"
}

pg_port_of() { if [[ $1 == postgres ]]; then echo "$PG_PORT"; else echo "$FERRETDB_PG_PORT"; fi; }

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$(pg_port_of "$1")" -U postgres; }

pg_create_database() { # cluster, database
  local bin port
  bin=$(pg_bin)
  port=$(pg_port_of "$1")
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$2'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$2"
  fi
}

pg_cluster_up() { # name, database
  local name=$1 database=$2 bin dir data logfile port
  port=$(pg_port_of "$name")
  if pg_ready "$name"; then
    log "$name: reusing the PostgreSQL server on 127.0.0.1:$port"
    pg_create_database "$name" "$database"
    return 0
  fi
  bin=$(pg_bin)
  dir=$(pg_dir "$name")
  data=$dir/data
  logfile=$dir/postgres.log
  [[ $logfile == "$LOGS/$name.log" ]] || ln -sfn "$logfile" "$LOGS/$name.log"
  if [[ ! -f $data/PG_VERSION ]]; then
    log "$name: initdb in $data"
    as_pg mkdir -p "$data"
    as_pg "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --no-instructions >"$LOGS/$name-initdb.log" 2>&1 \
      || fail "initdb of $name failed" "$LOGS/$name-initdb.log"
  fi
  as_pg touch "$logfile"
  as_pg "$bin/pg_ctl" -D "$data" -l "$logfile" -w -t "$READY_TIMEOUT" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c shared_buffers=128MB -c fsync=on" \
    start >/dev/null || fail "$name (PostgreSQL) did not start" "$logfile"
  head -n 1 "$data/postmaster.pid" >"$RUN/$name.pid"
  wait_until "$name" "$logfile" pg_ready "$name"
  pg_create_database "$name" "$database"
  log "$name: PostgreSQL ready on 127.0.0.1:$port"
}

pg_cluster_down() { # name
  local name=$1
  pid_alive "$name" || { rm -f "$RUN/$name.pid"; return 0; }
  as_pg "$(pg_bin)/pg_ctl" -D "$(pg_dir "$name")/data" -m fast -w stop >/dev/null 2>&1 || stop_pid "$name"
  rm -f "$RUN/$name.pid"
  log "$name stopped"
}

# apps/catalog's database and apps/billing's (its own database on the same server); their tables come from their migrations.
postgres_up() {
  pg_cluster_up postgres catalog
  pg_create_database postgres billing
}
postgres_down() { pg_cluster_down postgres; }

mongo_store_up() {
  pg_cluster_up mongo-store ferretdb
  # Equality lookups through indexes (see the SQL file); custom plans so FerretDB's
  # parameterised key (_jsonb -> $1) matches the index expression. Idempotent.
  PGOPTIONS="-c client_min_messages=warning" "$(pg_bin)/psql" -h 127.0.0.1 -p "$FERRETDB_PG_PORT" -U postgres -d ferretdb -v ON_ERROR_STOP=1 -q \
    -c "ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan" \
    -f "$ROOT_DIR/infra/ferretdb/lookup-indexes.sql" >/dev/null \
    || fail "could not install the lookup index trigger" "$LOGS/mongo-store.log"
}
mongo_store_down() { pg_cluster_down mongo-store; }
