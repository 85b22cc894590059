import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { authConfig } from '@apps/auth/auth.config';
import { processorConfig } from '@apps/order-processor/processor.config';
import { outboxConfig } from '@apps/orders/outbox/outbox.config';
import { catalogConfig } from '@apps/catalog/catalog.config';
import { billingConfig } from '@apps/billing/billing.config';
import { breakerConfig, httpConfig, jwtSignConfig, jwtVerifyConfig, kafkaConfig, loggingConfig, mongoConfig, paymentsConfig } from '@app/config';

const root = resolve(__dirname, '..');
const composeText = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Record<string, unknown>>;
};
const documented = new Set(
  readFileSync(resolve(root, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

/** Every .ts file under these folders (not tests), as one text. */
function readSources(folders: string[]): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = resolve(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const folder of folders) walk(resolve(root, folder));
  return texts.join('\n');
}

/** The gateway's fixed address on the compose network: the one X-Forwarded-For the apps believe. */
const GATEWAY_ADDRESS = '172.30.80.80';

const APPS = { auth: 'AUTH_PORT', orders: 'ORDERS_PORT', 'order-processor': 'ORDER_PROCESSOR_PORT' } as const;
const MONGO_APPS = ['auth', 'orders', 'order-processor'];

describe('docker-compose.yml', () => {
  it('has the real servers, a topic initialiser and the three apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'auth',
        'billing',
        'catalog',
        'gateway',
        'gateway-docs',
        'grafana',
        'jaeger',
        'kafka',
        'kafka-init',
        'mongo',
        'order-processor',
        'orders',
        'payment-provider',
        'postgres',
        'prometheus',
      ].sort(),
    );
    expect(compose.services.mongo.image).toBe('mongo:8');
    expect(compose.services.mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services.kafka.image).toBe('apache/kafka:3.9.1');
    expect(JSON.stringify(compose.services['kafka-init'])).toContain('orders.placed.dlq');
    expect(JSON.stringify(compose.services['kafka-init'])).toContain('--topic catalog.products --partitions 3 --replication-factor 1 --config cleanup.policy=compact');
    expect(compose.services.postgres.image).toBe('postgres:16');
    expect(JSON.stringify(compose.services.postgres.healthcheck)).toContain('pg_isready');
  });

  it('initiates the MongoDB replica set in its healthcheck', () => {
    const healthcheck = compose.services.mongo.healthcheck as { test: string };
    expect(healthcheck.test).toContain('rs.initiate');
  });

  it.each(Object.entries({ ...APPS, catalog: 'CATALOG_PORT', billing: 'BILLING_PORT' }))('builds and supervises %s with a readiness healthcheck', (app, portVariable) => {
    const service = compose.services[app] as {
      build: { args: { APP: string } };
      healthcheck: { test: string[] };
      depends_on: Record<string, { condition: string }>;
      restart: string;
      environment: Record<string, string>;
      ports: string[];
    };
    expect(service.build.args.APP).toBe(app);
    expect(service.healthcheck.test.join(' ')).toContain(`process.env.${portVariable}`);
    expect(service.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(service.depends_on[MONGO_APPS.includes(app) ? 'mongo' : 'postgres'].condition).toBe('service_healthy');
    expect(service.depends_on['kafka-init'].condition).toBe('service_completed_successfully');
    expect(service.restart).toBe('unless-stopped');
    expect(service.environment.HTTP_HOST).toBe('0.0.0.0');
    expect(service.environment.KAFKA_BROKERS).toBe('kafka:19092');
    // Reached through the gateway only, which alone is believed about the client's address.
    expect(service.ports).toBeUndefined();
    expect(service.environment.HTTP_TRUST_PROXY).toBe(GATEWAY_ADDRESS);
  });

  it('publishes the gateway alone; the observability UIs on 127.0.0.1 only', () => {
    const published = Object.entries(compose.services)
      .flatMap(([name, service]) => ((service.ports as string[] | undefined) ?? []).map((port) => [name, port]))
      .filter(([, port]) => !port.startsWith('127.0.0.1:'));
    expect(published).toEqual([['gateway', '${GATEWAY_PORT:-8080}:${GATEWAY_PORT:-8080}']]);
    const gateway = compose.services.gateway as { networks: { default: { ipv4_address: string } } };
    expect(gateway.networks.default.ipv4_address).toBe(GATEWAY_ADDRESS);
  });

  it('requires every credential from .env: none is built in', () => {
    const auth = compose.services.auth as { environment: Record<string, string> };
    expect(auth.environment.ADMIN_USERNAME).toMatch(/^\$\{ADMIN_USERNAME:\?/);
    expect(auth.environment.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
    expect(composeText).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(composeText).toMatch(/GF_SECURITY_ADMIN_PASSWORD: \$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect([...composeText.matchAll(/\$\{[A-Z_]*PASSWORD:-/g)]).toEqual([]);
  });

  it('has a development override that publishes the stores and apps on 127.0.0.1 only', () => {
    const dev = parse(readFileSync(resolve(root, 'docker-compose.dev.yml'), 'utf8')) as { services: Record<string, { ports: string[] }> };
    expect(Object.keys(dev.services).sort()).toEqual(['auth', 'catalog', 'kafka', 'mongo', 'order-processor', 'orders', 'postgres']);
    for (const service of Object.values(dev.services)) for (const port of service.ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('puts nginx in front with the rendered template, after the merged API document is written', () => {
    const gateway = compose.services.gateway as { build: { target: string }; volumes: string[]; ports: string[]; environment: Record<string, string>; depends_on: Record<string, { condition: string }> };
    expect(gateway.build.target).toBe('gateway');
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    const stage = dockerfile.slice(dockerfile.indexOf('AS gateway'));
    expect(stage).toMatch(/^AS gateway\nCOPY --from=web-build \/app\/dist\/web \/usr\/share\/nginx\/html\nCOPY infra\/gateway\/compose\/nginx.conf.template \/etc\/nginx\/templates\/nginx.conf.template\nCOPY infra\/gateway\/compose\/edge-headers.conf \/etc\/nginx\/gateway\/edge-headers.conf/);
    expect(dockerfile).toMatch(/FROM nginx:1\.27 AS gateway/);
    expect(gateway.volumes).toEqual(['gateway-docs:/usr/share/nginx/docs:ro']);
    expect(gateway.environment.NGINX_ENVSUBST_OUTPUT_DIR).toBe('/etc/nginx');
    expect(gateway.ports).toEqual(['${GATEWAY_PORT:-8080}:${GATEWAY_PORT:-8080}']);
    expect(gateway.depends_on['gateway-docs'].condition).toBe('service_completed_successfully');
    // Every ${…} the template leaves to the image's envsubst is set for the container.
    const template = readFileSync(resolve(root, 'infra', 'gateway', 'compose', 'nginx.conf.template'), 'utf8');
    const filled = [...new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((match) => match[1]))];
    expect(filled.length).toBeGreaterThan(5);
    expect(filled.filter((name) => !(name in gateway.environment))).toEqual([]);
    const docs = compose.services['gateway-docs'] as { command: string[]; depends_on: Record<string, { condition: string }> };
    expect(docs.command).toEqual(['node', 'infra/gateway/merge-openapi.js', '/app/gateway-docs']);
    expect(Object.keys(docs.depends_on).sort()).toEqual(['auth', 'billing', 'catalog', 'orders']);
  });

  it('sends every app’s traces to Jaeger and has Prometheus scrape every app’s /metrics on its default port', () => {
    const jaeger = compose.services.jaeger as { image: string; command: string[] };
    expect(jaeger.image).toMatch(/^jaegertracing\/jaeger:2\./);
    expect(jaeger.command).toContain('--set=receivers.otlp.protocols.http.endpoint=0.0.0.0:4318');
    const scrape = parse(readFileSync(resolve(root, 'infra', 'observability', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { metrics_path: string; static_configs: { targets: string[]; labels: { app: string } }[] }[];
    };
    const targets = Object.fromEntries(scrape.scrape_configs[0].static_configs.map(({ targets: [target], labels }) => [labels.app, target]));
    expect(scrape.scrape_configs[0].metrics_path).toBe('/metrics');
    for (const [app, portVariable] of Object.entries({ ...APPS, catalog: 'CATALOG_PORT' })) {
      const service = compose.services[app] as { environment: Record<string, string> };
      expect(service.environment.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}');
      const defaultPort = new RegExp(`\\$\\{${portVariable}:-(\\d+)\\}`).exec(service.environment[portVariable])?.[1];
      expect(targets[app]).toBe(`${app}:${defaultPort}`);
    }
  });

  it('provisions Grafana with a dashboard whose queries name only series the apps export', () => {
    const grafana = compose.services.grafana as { volumes: string[] };
    expect(grafana.volumes).toEqual(expect.arrayContaining(['./infra/observability/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
    const dashboard = JSON.parse(readFileSync(resolve(root, 'infra', 'observability', 'grafana', 'dashboards', 'retail-order-platform.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exported = new Set([
      ...[...readSources(['libs', 'apps']).matchAll(/name: '([a-z_]+)'/g)].map((match) => match[1]),
      // prom-client's default metrics
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]);
    // Label matchers and `by (…)` groupings out, what remains with an underscore and no call is a series.
    const seriesOf = (expr: string) =>
      [...expr.replace(/\{[^}]*\}/g, '').replace(/by \([^)]*\)/g, '').matchAll(/\b([a-z]+(?:_[a-z0-9]+)+)\b(?!\()/g)].map((match) => match[1]);
    const queried = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => seriesOf(target.expr)));
    const series = queried.map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    expect(series.length).toBeGreaterThan(10);
    expect(series.filter((name) => !exported.has(name))).toEqual([]);
    for (const title of ['Circuit breakers open', 'Outbox backlog', 'Consumer lag per partition', 'Dead letters and retries', 'Order outcomes']) {
      expect(dashboard.panels.map((panel) => panel.title)).toContain(title);
    }
  });

  it('references only variables that .env.example documents', () => {
    const referenced = [...composeText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]);
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((name) => !documented.has(name))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('documents every variable the apps validate', () => {
    const envClasses = [
      mongoConfig.envClass,
      kafkaConfig.envClass,
      loggingConfig.envClass,
      jwtVerifyConfig.envClass,
      jwtSignConfig.envClass,
      authConfig.envClass,
      breakerConfig.envClass,
      outboxConfig.envClass,
      catalogConfig.envClass,
      processorConfig.envClass,
      billingConfig.envClass,
      paymentsConfig.envClass,
      ...[...Object.values(APPS), 'CATALOG_PORT', 'BILLING_PORT'].map((variable) => httpConfig(variable, 1).envClass),
    ];
    const declared = new Set<string>();
    for (const envClass of envClasses) {
      for (const rule of getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false)) {
        declared.add(rule.propertyName);
      }
      for (const key of Object.keys(new envClass())) declared.add(key);
    }
    expect(declared.size).toBeGreaterThan(10);
    expect([...declared].filter((name) => !documented.has(name))).toEqual([]);
  });

  it("documents every setting of the gateway's configuration", () => {
    const sources = ['render-config.js', 'merge-openapi.js'].map((file) => readFileSync(resolve(root, 'infra', 'gateway', file), 'utf8')).join('\n');
    const named = [...new Set([...sources.matchAll(/\bGATEWAY_[A-Z_]+/g)].map((match) => match[0]))].filter((name) => name !== 'GATEWAY_ERRORS');
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !documented.has(name))).toEqual([]);
  });
});
