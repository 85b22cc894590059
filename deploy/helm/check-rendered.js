#!/usr/bin/env node
// What the Kubernetes schemas do not check, held for every rendered manifest (validate.sh runs
// it on each rendering): every pod runs as non-root under the runtime's seccomp profile without a
// service-account token, every container drops all capabilities and cannot escalate, every pod
// has a NetworkPolicy, and no value is a published password.
'use strict';
const { readFileSync } = require('node:fs');
const { parseAllDocuments } = require('yaml');

const PUBLISHED_PASSWORDS = /change-?me|local-(admin|postgres|grafana)-password/i;

function problemsOf(text) {
  const manifests = parseAllDocuments(text).map((doc) => doc.toJS()).filter(Boolean);
  const problems = [];
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.spec.podSelector.matchLabels['app.kubernetes.io/name']);
  for (const manifest of manifests) {
    const template = manifest.kind === 'Deployment' || manifest.kind === 'Job' ? manifest.spec.template : undefined;
    if (!template) continue;
    const where = `${manifest.kind} ${manifest.metadata.name}`;
    const pod = template.spec;
    if (pod.automountServiceAccountToken !== false) problems.push(`${where}: mounts a service-account token`);
    const context = pod.securityContext ?? {};
    if (context.runAsNonRoot !== true) problems.push(`${where}: may run as root`);
    if (context.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: no RuntimeDefault seccomp profile`);
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const own = container.securityContext ?? {};
      if (own.allowPrivilegeEscalation !== false) problems.push(`${where}/${container.name}: may escalate privileges`);
      if (!own.capabilities?.drop?.includes('ALL')) problems.push(`${where}/${container.name}: keeps capabilities`);
    }
    const name = template.metadata.labels['app.kubernetes.io/name'];
    if (!policies.includes(name)) problems.push(`${where}: no NetworkPolicy selects its pods (${name})`);
  }
  if (PUBLISHED_PASSWORDS.test(text)) problems.push('a published password is in the rendered manifests');
  return problems;
}

if (require.main === module) {
  const problems = problemsOf(readFileSync(process.argv[2], 'utf8'));
  for (const problem of problems) console.error(`[chart] ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
}

module.exports = { problemsOf };
