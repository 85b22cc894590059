#!/usr/bin/env bash
# npm start: local servers, a build, the five apps under PM2, then waits until all are ready.
# npm run start:cluster (--cluster): three Kafka brokers and two instances of every app, the
# second on its port + 10, behind the gateway's upstream groups.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

CLUSTER=0
[[ ${1:-} == --cluster ]] && CLUSTER=1
cluster_settings() {
  export INFRA_KAFKA_BROKERS=3 ROP_INSTANCES=2
  # The local cluster's brokers, whatever .env names for the single one.
  export KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9192,127.0.0.1:9292
  export GATEWAY_AUTH_UPSTREAMS=127.0.0.1:$AUTH_PORT,127.0.0.1:$((AUTH_PORT + 10))
  export GATEWAY_ORDERS_UPSTREAMS=127.0.0.1:$ORDERS_PORT,127.0.0.1:$((ORDERS_PORT + 10))
  export GATEWAY_CATALOG_UPSTREAMS=127.0.0.1:$CATALOG_PORT,127.0.0.1:$((CATALOG_PORT + 10))
  export GATEWAY_BILLING_UPSTREAMS=127.0.0.1:$BILLING_PORT,127.0.0.1:$((BILLING_PORT + 10))
}

[[ -x $PM2 ]] || { echo "Run 'npm ci' first." >&2; exit 1; }
if [[ ! -f .env ]]; then
  cp .env.example .env
  echo "[start] no .env: copied .env.example to .env"
fi
# Every local secret left empty gets a random value (none is a published one).
node scripts/local-secrets.js .env
# A .env made before billing existed names no payment provider: the local stand-in (an empty
# value means api.stripe.com, so it is added only when the line is missing).
if ! grep -q '^PAYMENT_PROVIDER_URL=' .env; then
  printf '\n# Added by npm start: billing talks to the local stand-in (empty: api.stripe.com)\nPAYMENT_PROVIDER_URL=http://127.0.0.1:%s\n' "${INFRA_PAYMENT_PROVIDER_PORT:-12180}" >>.env
  echo "[start] .env named no PAYMENT_PROVIDER_URL: billing uses the local stand-in"
fi
. "$ROOT_DIR/scripts/lib.sh"
((CLUSTER)) && cluster_settings
bash certs/generate.sh
bash infra/infra.sh up
bash scripts/build.sh

# A plain start after a cluster one: the second instances go.
if ((!CLUSTER)); then
  for name in auth orders order-processor catalog billing; do "$PM2" delete "$name-2" >/dev/null 2>&1 || true; done
fi
"$PM2" startOrRestart ecosystem.config.js --update-env >/dev/null

entries=("auth:$AUTH_PORT" "orders:$ORDERS_PORT" "order-processor:$ORDER_PROCESSOR_PORT" "catalog:$CATALOG_PORT" "billing:$BILLING_PORT")
if ((CLUSTER)); then
  entries+=("auth-2:$((AUTH_PORT + 10))" "orders-2:$((ORDERS_PORT + 10))" "order-processor-2:$((ORDER_PROCESSOR_PORT + 10))" "catalog-2:$((CATALOG_PORT + 10))" "billing-2:$((BILLING_PORT + 10))")
fi
deadline=$((SECONDS + ${START_TIMEOUT:-90}))
for entry in "${entries[@]}"; do
  name=${entry%%:*} port=${entry##*:}
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if ((SECONDS > deadline)); then
      echo "[start] $name is not ready on port $port; its last log lines:" >&2
      tail -n 30 "$ROOT_DIR/.infra/logs/$name.out.log" "$ROOT_DIR/.infra/logs/$name.err.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "[start] $name ready"
done
# The gateway's /docs: the apps' documents merged into one, now that they answer.
node infra/gateway/merge-openapi.js "${INFRA_DIR:-$ROOT_DIR/.infra}/gateway/docs" || echo "[start] the gateway's /docs could not be merged (the apps still serve their own)" >&2

cat <<MSG

retail-order-platform is running$( ((CLUSTER)) && printf ' as a cluster: two instances of every app (the second on its port + 10), three Kafka brokers') (PM2 supervises the apps; 'npm run logs' follows them, 'npm stop' ends all):

  http://127.0.0.1:$GATEWAY_PORT/       the gateway (nginx): the web page, the API, one API document at /docs

  and each app on its own port:
  auth             http://127.0.0.1:$AUTH_PORT      API docs http://127.0.0.1:$AUTH_PORT/docs
  orders           http://127.0.0.1:$ORDERS_PORT      API docs http://127.0.0.1:$ORDERS_PORT/docs
  order-processor  http://127.0.0.1:$ORDER_PROCESSOR_PORT/health/ready
  catalog          http://127.0.0.1:$CATALOG_PORT      API docs http://127.0.0.1:$CATALOG_PORT/docs
  billing          http://127.0.0.1:$BILLING_PORT      API docs http://127.0.0.1:$BILLING_PORT/docs
  PostgreSQL       postgres://postgres@127.0.0.1:${INFRA_POSTGRES_PORT:-55432}/catalog and /billing
  Payments         ${PAYMENT_PROVIDER_URL:-http://127.0.0.1:12180} (a stand-in for Stripe's API; 'npm run provider -- faults <mode>' breaks it on purpose)
  Kafka            127.0.0.1:9092 (PLAINTEXT), 127.0.0.1:9093 (SSL, client certificate in certs/)$( ((CLUSTER)) && printf '\n                   + 127.0.0.1:9192 and 127.0.0.1:9292 (three brokers, replication factor 3)')
  MongoDB wire     mongodb://127.0.0.1:27017 (FerretDB on PostgreSQL)

  The administrator (writes the catalog): ADMIN_USERNAME and ADMIN_PASSWORD in $ROOT_DIR/.env
MSG
