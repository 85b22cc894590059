#!/usr/bin/env bash
# npm stop: the apps, the PM2 daemon, then the local servers infra.sh started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"
if [[ -x $PM2 && -d $PM2_HOME ]]; then
  "$PM2" delete all >/dev/null 2>&1 || true
  "$PM2" kill >/dev/null 2>&1 || true
  echo "[stop] apps stopped"
fi
bash infra/infra.sh down
