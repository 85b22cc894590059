import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { authConfig } from '@apps/auth/auth.config';
import { processorConfig } from '@apps/order-processor/processor.config';
import { outboxConfig } from '@apps/orders/outbox/outbox.config';
import { catalogConfig } from '@apps/catalog/catalog.config';
import { breakerConfig, httpConfig, jwtSignConfig, jwtVerifyConfig, kafkaConfig, loggingConfig, mongoConfig } from '@app/config';

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

const APPS = { auth: 'AUTH_PORT', orders: 'ORDERS_PORT', 'order-processor': 'ORDER_PROCESSOR_PORT' } as const;
const MONGO_APPS = ['auth', 'orders', 'order-processor'];

describe('docker-compose.yml', () => {
  it('has the real servers, a topic initialiser and the three apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['auth', 'catalog', 'gateway', 'gateway-docs', 'kafka', 'kafka-init', 'mongo', 'order-processor', 'orders', 'postgres'].sort(),
    );
    expect(compose.services.mongo.image).toBe('mongo:8');
    expect(compose.services.mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services.kafka.image).toBe('apache/kafka:3.9.1');
    expect(compose.services.kafka.ports).toEqual(expect.arrayContaining(['9092:9092', '9093:9093']));
    expect(JSON.stringify(compose.services['kafka-init'])).toContain('orders.placed.dlq');
    expect(JSON.stringify(compose.services['kafka-init'])).toContain('--topic catalog.products --partitions 3 --replication-factor 1 --config cleanup.policy=compact');
    expect(compose.services.postgres.image).toBe('postgres:16');
    expect(JSON.stringify(compose.services.postgres.healthcheck)).toContain('pg_isready');
  });

  it('initiates the MongoDB replica set in its healthcheck', () => {
    const healthcheck = compose.services.mongo.healthcheck as { test: string };
    expect(healthcheck.test).toContain('rs.initiate');
  });

  it.each(Object.entries({ ...APPS, catalog: 'CATALOG_PORT' }))('builds and supervises %s with a readiness healthcheck', (app, portVariable) => {
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
    expect(service.ports).toEqual([expect.stringMatching(new RegExp(`^\\$\\{${portVariable}:-\\d+\\}:\\$\\{${portVariable}:-\\d+\\}$`))]);
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
    expect(Object.keys(docs.depends_on).sort()).toEqual(['auth', 'catalog', 'orders']);
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
      ...[...Object.values(APPS), 'CATALOG_PORT'].map((variable) => httpConfig(variable, 1).envClass),
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
