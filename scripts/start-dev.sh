#!/usr/bin/env bash
# npm run start:dev <app>: local servers up, then one app in watch mode (auth, orders, order-processor, catalog).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"
app=${1:-}
case $app in
  auth | orders | order-processor | catalog) ;;
  *) echo "usage: npm run start:dev -- <auth|orders|order-processor|catalog>" >&2; exit 2 ;;
esac
bash certs/generate.sh
bash infra/infra.sh up
exec "$ROOT_DIR/node_modules/.bin/nest" start "$app" --watch
