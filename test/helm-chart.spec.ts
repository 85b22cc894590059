import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// What the chart must agree on with the rest of the repo; `npm run test:chart` renders and
// validates it against the Kubernetes schemas (helm is not needed here).
const root = resolve(__dirname, '..');
const chart = resolve(root, 'deploy', 'helm', 'retail-order-platform');
const values = parse(readFileSync(resolve(chart, 'values.yaml'), 'utf8')) as {
  apps: Record<string, { port: number; portVariable: string; autoscaling?: { enabled: boolean } }>;
  config: Record<string, string>;
  secrets: Record<string, string>;
};
const { ROUTES } = require(resolve(root, 'infra', 'gateway', 'routes.js')) as { ROUTES: { app: string; path: string; exact: boolean }[] };
const documented = new Set(
  readFileSync(resolve(root, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

/** The Ingress' paths as its template lists them, and Kubernetes' matching (longest path wins). */
const ingress = readFileSync(resolve(chart, 'templates', 'ingress.yaml'), 'utf8');
const paths = [...ingress.matchAll(/dict "path" "([^"]+)" "type" "(Prefix|Exact)" "app" "([a-z-]+)"/g)].map(([, path, type, app]) => ({ path, type, app }));
paths.push({ path: '/', type: 'Prefix', app: 'web' });
function backendOf(requestPath: string): string | undefined {
  const matching = paths.filter(({ path, type }) =>
    type === 'Exact' ? requestPath === path : path === '/' || requestPath === path || requestPath.startsWith(`${path.replace(/\/$/, '')}/`),
  );
  return matching.sort((a, b) => b.path.length - a.path.length)[0]?.app;
}

describe('the Helm chart', () => {
  it('routes every path the gateway routes to the same app, and the rest to the page', () => {
    expect(paths.length).toBeGreaterThan(5);
    for (const route of ROUTES) {
      const sample = route.exact ? route.path : `${route.path.replace(/\/$/, '')}/sample`;
      expect([sample, backendOf(sample)]).toEqual([sample, route.app]);
    }
    for (const inside of ['/metrics', '/health/ready', '/docs-json', '/orders/mine', '/']) expect([inside, backendOf(inside)]).toEqual([inside, 'web']);
  });

  it('serves each app on the port and port variable the apps and docker-compose use', () => {
    const compose = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
    expect(Object.keys(values.apps).sort()).toEqual(['auth', 'billing', 'catalog', 'order-processor', 'orders']);
    for (const { port, portVariable } of Object.values(values.apps)) expect(compose).toContain(`\${${portVariable}:-${port}}`);
    expect(values.apps['order-processor'].autoscaling?.enabled).toBe(false);
  });

  it('takes its ConfigMap and Secret from the variables .env.example documents', () => {
    const keys = [...Object.keys(values.config), ...Object.keys(values.secrets)];
    expect(keys.length).toBeGreaterThan(8);
    expect(keys.filter((key) => !documented.has(key))).toEqual([]);
    expect(Object.keys(values.secrets).sort()).toEqual([
      'ADMIN_PASSWORD',
      'BILLING_DATABASE_URL',
      'CATALOG_DATABASE_URL',
      'JWT_PRIVATE_KEY',
      'JWT_PUBLIC_KEY',
      'MONGO_URI',
      'STRIPE_SECRET_KEY',
    ]);
  });

  it("carries the gateway's limits per client address: credentials (tokens, registrations) far stricter than the rest", () => {
    const limits = (parse(readFileSync(resolve(chart, 'values.yaml'), 'utf8')) as { ingress: { limits: Record<string, number | string> } }).ingress.limits;
    const example = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(readFileSync(resolve(root, '.env.example'), 'utf8'))?.[1];
    expect(String(limits.requestsPerSecond)).toBe(example('GATEWAY_RATE_LIMIT'));
    expect(String(limits.credentialsPerMinute)).toBe(example('GATEWAY_TOKEN_RATE_LIMIT'));
    expect(limits.bodySize).toBe(example('GATEWAY_BODY_LIMIT'));
    expect(ingress).toContain('dict "path" "/api/token" "type" "Prefix" "app" "auth" "limit" "credentials"');
    expect(ingress).toContain('dict "path" "/api/users" "type" "Exact" "app" "auth" "limit" "credentials"');
  });

  it('gives pods longer to stop than the apps take to drain', () => {
    const shutdown = (parse(readFileSync(resolve(chart, 'values.yaml'), 'utf8')) as { shutdown: { terminationGracePeriodSeconds: number; preStopSleepSeconds: number } }).shutdown;
    expect(shutdown.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(values.config.SHUTDOWN_TIMEOUT_MS) + shutdown.preStopSleepSeconds * 1000);
  });
});
