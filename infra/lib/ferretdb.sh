# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
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
  mongo_store_up
  if pid_alive mongo || port_open "$MONGO_PORT"; then
    log "mongo: reusing the server on 127.0.0.1:$MONGO_PORT"
    wait_until "mongo" "$logfile" node "$ROOT_DIR/infra/probe.js" mongo "mongodb://127.0.0.1:$MONGO_PORT/"
    return 0
  fi
  bin=$(ferretdb_binary)
  nohup "$bin" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://postgres@127.0.0.1:$FERRETDB_PG_PORT/ferretdb?pool_max_conns=250" \
    >"$logfile" 2>&1 &
  echo $! >"$RUN/mongo.pid"
  wait_until "mongo (FerretDB)" "$logfile" node "$ROOT_DIR/infra/probe.js" mongo "mongodb://127.0.0.1:$MONGO_PORT/"
  log "mongo: FerretDB ready on 127.0.0.1:$MONGO_PORT"
}

# A MongoDB server down is its storage down too; `up mongo` brings both back.
mongo_down() {
  stop_pid mongo
  mongo_store_down
}
