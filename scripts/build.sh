#!/usr/bin/env bash
# The build, skipped when nothing it reads changed since the last one: npm start, the suites
# and the benchmark run from dist/, and a build takes ~30–100 s on two cores (`npm run build`
# always builds). dist/.build-stamp is written after a build succeeds.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT_DIR"
STAMP=dist/.build-stamp
if [[ -f $STAMP ]] && [[ -z $(find apps libs package-lock.json tsconfig.json nest-cli.json -newer "$STAMP" -print -quit) ]]; then
  echo "[build] up to date (nothing under apps/, libs/ or the build's configuration changed since dist/.build-stamp)"
  exit 0
fi
echo "[build] building the apps and the web page"
mkdir -p .infra/logs
npm run --silent build >.infra/logs/build.log 2>&1 || { tail -n 40 .infra/logs/build.log >&2; exit 1; }
