# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
# ------------------------------------------- payment provider: the stand-in and stripe-mock
# The stand-in (infra/payment-provider) is Stripe's API as billing uses it, with state and faults;
# stripe-mock is Stripe's own validator of requests against its published OpenAPI description
# (stateless): the contract test runs billing's calls through it. stripe-mock is pinned here.
STRIPE_MOCK_VERSION=v0.203.0

stripe_mock_bin() {
  local bin=$CACHE/bin/stripe-mock stamp=$CACHE/bin/stripe-mock.version
  if [[ ! -x $bin || $(cat "$stamp" 2>/dev/null) != "$STRIPE_MOCK_VERSION" ]]; then
    command -v go >/dev/null || fail "Go is needed to build stripe-mock (https://go.dev/dl)"
    log "payments: building stripe-mock $STRIPE_MOCK_VERSION"
    mkdir -p "$CACHE/bin"
    GOBIN=$CACHE/bin go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >"$LOGS/stripe-mock-build.log" 2>&1 \
      || fail "go install of stripe-mock failed" "$LOGS/stripe-mock-build.log"
    echo "$STRIPE_MOCK_VERSION" >"$stamp"
  fi
  echo "$bin"
}

payments_up() {
  local logfile=$LOGS/payment-provider.log
  stripe_mock_bin >/dev/null
  if pid_alive payments || port_open "$PAYMENT_PROVIDER_PORT"; then
    log "payments: reusing the stand-in on 127.0.0.1:$PAYMENT_PROVIDER_PORT"
    return 0
  fi
  [[ -d $ROOT_DIR/node_modules/qs ]] || fail "the payment provider stand-in needs node_modules: run npm ci first"
  nohup node "$ROOT_DIR/infra/payment-provider/server.js" --port "$PAYMENT_PROVIDER_PORT" --data "$CACHE/payment-provider" \
    >>"$logfile" 2>&1 &
  echo $! >"$RUN/payments.pid"
  wait_until "payments (the stand-in)" "$logfile" curl -fsS "http://127.0.0.1:$PAYMENT_PROVIDER_PORT/__control/health"
  log "payments: the stand-in is ready on http://127.0.0.1:$PAYMENT_PROVIDER_PORT"
}

payments_down() { stop_pid payments; }
