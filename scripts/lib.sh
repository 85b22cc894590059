# Shared by start.sh and stop.sh: repo paths, the PM2 home and the app ports.
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PM2_HOME=${PM2_HOME:-$ROOT_DIR/.infra/pm2}
PM2=$ROOT_DIR/node_modules/.bin/pm2

# The apps read .env themselves; the scripts need only the ports from it.
# .env fills in what the environment does not set (as the apps read it): the environment wins.
if [[ -f $ROOT_DIR/.env ]]; then
  __environment=$(export -p)
  set -a
  # shellcheck disable=SC1091
  . "$ROOT_DIR/.env"
  set +a
  eval "$__environment" 2>/dev/null || true # a read-only variable cannot be declared again
  unset __environment
fi
AUTH_PORT=${AUTH_PORT:-3001}
ORDERS_PORT=${ORDERS_PORT:-3000}
ORDER_PROCESSOR_PORT=${ORDER_PROCESSOR_PORT:-3002}
CATALOG_PORT=${CATALOG_PORT:-3003}
BILLING_PORT=${BILLING_PORT:-3004}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
