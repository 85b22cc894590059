# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
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

# ferretdb: FerretDB's storage; catalog: apps/catalog's own (its tables come from its migrations).
postgres_databases() {
  local bin database
  bin=$(pg_bin)
  for database in ferretdb catalog; do
    if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$database'" | grep -q 1; then
      "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
    fi
  done
}

postgres_up() {
  local bin dir data logfile
  if pg_isready_ok; then
    log "postgres: reusing the server on 127.0.0.1:$PG_PORT"
    postgres_databases
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
  postgres_databases
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
