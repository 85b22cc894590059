# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
# ------------------------------------------------------------- gateway (nginx)
nginx_bin() {
  local bin
  bin=$(command -v nginx || true)
  [[ -z $bin && -x /usr/sbin/nginx ]] && bin=/usr/sbin/nginx
  if [[ -z $bin ]]; then
    # The package would start Debian's own nginx on port 80; a policy-rc.d that refuses service
    # starts keeps it from doing so (one already there is left as it is).
    local policy=/usr/sbin/policy-rc.d ours=0
    if [[ $(id -u) == 0 && ! -e $policy ]]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && ours=1
    fi
    (debian_install nginx nginx) || { ((ours)) && rm -f "$policy"; exit 1; }
    ((ours)) && rm -f "$policy"
    bin=/usr/sbin/nginx
  fi
  echo "$bin"
}

gateway_dir() { echo "$CACHE/gateway"; }

gateway_render() {
  local dir
  dir=$(gateway_dir)
  GATEWAY_PORT=$GATEWAY_PORT GATEWAY_RUN_AS=$([[ $(id -u) == 0 ]] && id -un || true) \
    node "$ROOT_DIR/infra/gateway/render-config.js" "$dir" 2>"$LOGS/gateway-render.log" \
    || fail "could not render the gateway's configuration" "$LOGS/gateway-render.log"
  "$1" -t -q -e "$LOGS/gateway-error.log" -p "$dir" -c "$dir/nginx.conf" >"$LOGS/gateway-test.log" 2>&1 \
    || fail "nginx refused the gateway's configuration" "$LOGS/gateway-test.log"
}

gateway_up() {
  local bin dir
  dir=$(gateway_dir)
  bin=$(nginx_bin)
  if pid_alive gateway; then
    gateway_render "$bin" # settings or the template may have changed: reload, it keeps serving
    "$bin" -e "$LOGS/gateway-error.log" -p "$dir" -c "$dir/nginx.conf" -s reload 2>>"$LOGS/gateway-error.log" || fail "nginx did not reload" "$LOGS/gateway-error.log"
    log "gateway: reloaded on http://127.0.0.1:$GATEWAY_PORT/"
    return 0
  fi
  if port_open "$GATEWAY_PORT"; then
    log "gateway: something else answers on 127.0.0.1:$GATEWAY_PORT; reusing it"
    return 0
  fi
  gateway_render "$bin"
  "$bin" -e "$LOGS/gateway-error.log" -p "$dir" -c "$dir/nginx.conf" 2>>"$LOGS/gateway-error.log" || fail "nginx did not start" "$LOGS/gateway-error.log"
  wait_until "gateway" "$LOGS/gateway-error.log" test -s "$dir/nginx.pid"
  cp "$dir/nginx.pid" "$RUN/gateway.pid"
  wait_until "gateway" "$LOGS/gateway-error.log" port_open "$GATEWAY_PORT"
  log "gateway: nginx ready on http://127.0.0.1:$GATEWAY_PORT/"
}

gateway_down() { stop_pid gateway; }
