#!/usr/bin/env bash
# schemathesis for npm run test:contract, in a virtualenv of the project's own (never the system
# Python): installed once, again when the version below changes. CI runs it beside npm ci.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCHEMATHESIS_VERSION=4.32.5
VENV=$ROOT_DIR/.infra/schemathesis
if [[ -x $VENV/bin/schemathesis ]] && "$VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  exit 0
fi
echo "[contract] installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
