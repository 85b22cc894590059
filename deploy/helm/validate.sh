#!/usr/bin/env bash
# npm run test:chart — the Helm chart, offline (no cluster is reachable from these machines):
# helm lint and helm template for the default and the production-like values, and every
# rendered manifest checked against the Kubernetes JSON schemas (kubernetes-validate bundles them).
# Installs helm (go install, the version below) and kubernetes-validate (a virtualenv) under
# .infra/ the first time; nothing global. `--install` only installs them (CI does that beside npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
HELM_VERSION=v3.19.0
KUBERNETES_VALIDATE_VERSION=1.37.0
KUBERNETES_VERSION=${CHART_KUBERNETES_VERSION:-1.33.0}
TOOLS=$PWD/.infra/chart-tools
CHART=deploy/helm/retail-order-platform
mkdir -p "$TOOLS" .infra/chart

# A go-install build reports only its minor version, so the installed one is noted beside it.
if [[ ! -x $TOOLS/bin/helm || "$(cat "$TOOLS/helm.version" 2>/dev/null)" != "$HELM_VERSION" ]]; then
  echo "[chart] installing helm $HELM_VERSION (go install)"
  GOBIN=$TOOLS/bin go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" > "$TOOLS/helm.version"
fi
if [[ ! -x $TOOLS/venv/bin/kubernetes-validate ]]; then
  echo "[chart] installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
[[ ${1:-} == --install ]] && exit 0

failed=0
for values in default production; do
  args=()
  [[ $values == production ]] && args=(-f "$CHART/values-production.yaml")
  rendered=.infra/chart/$values.yaml
  if "$TOOLS/bin/helm" lint --strict "$CHART" "${args[@]}" >/dev/null &&
     "$TOOLS/bin/helm" template shop "$CHART" "${args[@]}" > "$rendered" &&
     "$TOOLS/venv/bin/kubernetes-validate" --strict --quiet -k "$KUBERNETES_VERSION" "$rendered" &&
     node deploy/helm/check-rendered.js "$rendered"; then
    echo "[chart] $values values: lint, template and $(grep -c '^kind:' "$rendered") manifests valid against Kubernetes $KUBERNETES_VERSION; pods hardened, each behind a NetworkPolicy"
  else
    echo "[chart] $values values: FAILED"
    failed=1
  fi
done
exit $failed
