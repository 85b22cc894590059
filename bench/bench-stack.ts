import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import mongoose, { Connection } from 'mongoose';
import { AppName, buildFromSources, catalogDatabaseUrl, infra, ROOT, Stack } from '@test/system/stack';
import { BENCH_ADMIN } from './catalog-orders';
import type { Watched } from './process-stats';

/** What one bench run uses: its settings, its own database and topics, the apps and baselines it starts. */
export const quick = process.argv.includes('--quick');
export const settings = quick
  ? { mode: 'quick', warmupS: 1, durationS: 3, connections: 16, concurrency: 16, backlog: 300, products: 5000 }
  : { mode: 'full', warmupS: 5, durationS: 15, connections: 32, concurrency: 32, backlog: 5000, products: 100_000 };

export const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
export const database = `rop_bench_${runId}`;
export const mongoUri = `mongodb://127.0.0.1:27017/${database}`;
export const topicPrefix = `bench-${runId}.`;
export const placedTopic = `${topicPrefix}orders.placed`;
export const brokers = '127.0.0.1:9092';
export const PORTS: Record<AppName, number> = { orders: 4200, auth: 4201, 'order-processor': 4202, catalog: 4203, billing: 4204 };
export const B1_PORT = 4210;
export const NAIVE_PORT = 4211;
export const B3_PORT = 4212;
export const catalogUrl = catalogDatabaseUrl('bench', runId);

/** Toggled by the P5 and P9 phases; read each time an app starts. */
export const stackOptions: { breakersEnabled: boolean; tracesTo?: string; traceRatio?: number; untracedLayers?: string } = { breakersEnabled: true };

/** The apps' production defaults, except that tokens are not throttled for the bench user. */
export const benchAppEnv = (): NodeJS.ProcessEnv => ({
  ADMIN_USERNAME: BENCH_ADMIN.username,
  ADMIN_PASSWORD: BENCH_ADMIN.password,
  AUTH_TOKEN_RATE_LIMIT: '1000',
  BREAKERS_ENABLED: String(stackOptions.breakersEnabled),
  // P9: traces exported as in production (OTLP/HTTP, the SDK's default batching), to a receiver.
  ...(stackOptions.tracesTo ? { OTEL_EXPORTER_OTLP_ENDPOINT: stackOptions.tracesTo } : {}),
  ...(stackOptions.untracedLayers ? { OTEL_NODE_DISABLED_INSTRUMENTATIONS: stackOptions.untracedLayers } : {}),
  ...(stackOptions.traceRatio !== undefined ? { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: String(stackOptions.traceRatio) } : {}),
  BREAKER_MONGO_RESET_MS: undefined,
  BREAKER_KAFKA_RESET_MS: undefined,
  RELAY_INTERVAL_MS: undefined,
  RELAY_GRACE_MS: undefined,
  RELAY_LEASE_MS: undefined,
  PROCESSOR_RETRY_INITIAL_MS: undefined,
  PROCESSOR_RETRY_MAX_MS: undefined,
  PROCESSOR_NOT_FOUND_RETRIES: undefined,
  MONGO_SERVER_SELECTION_TIMEOUT_MS: undefined,
});

/** P7: each app's memory at its peak, written by bench/memory-probe.js (preloaded into every app). */
export const memoryProbeDir = resolve(ROOT, '.infra', 'memory-probe', runId);

export const stack = new Stack({
  ports: PORTS,
  mongoUri,
  catalogDatabaseUrl: catalogUrl,
  topicPrefix,
  logStem: 'bench',
  env: (app) => ({ ...benchAppEnv(), MEMORY_PROBE_DIR: memoryProbeDir, MEMORY_PROBE_APP: app }),
  nodeFlags: () => ['-r', resolve(ROOT, 'bench', 'memory-probe.js')],
});

export const baselineEnv = (collection: string, topic: string): NodeJS.ProcessEnv => ({
  MONGO_URI: mongoUri,
  KAFKA_BROKERS: brokers,
  BENCH_COLLECTION: collection,
  BENCH_TOPIC: topic,
});

/** The baselines' child processes, while they run. */
export const children: Record<string, ChildProcess | undefined> = {};

const infraPid = (name: string) => () => {
  try {
    return Number(readFileSync(resolve(ROOT, '.infra', 'run', `${name}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
};

/** Every process whose CPU a phase accounts for. */
export const WATCHED: Watched[] = [
  { name: 'orders', pid: () => stack.pid('orders') },
  { name: 'order-processor', pid: () => stack.pid('order-processor') },
  { name: 'b0-loop', pid: () => children.b0?.pid },
  { name: 'b1-fastify', pid: () => children.b1?.pid },
  { name: 'b2-consumer', pid: () => children.b2?.pid },
  { name: 'catalog', pid: () => stack.pid('catalog') },
  { name: 'b3-catalog', pid: () => children.b3?.pid },
  { name: 'naive', pid: () => children.naive?.pid },
  { name: 'bench-driver', pid: () => process.pid },
  { name: 'ferretdb', pid: infraPid('mongo') },
  { name: 'postgres', pid: infraPid('postgres'), withChildren: true },
  { name: 'ferretdb-postgres', pid: infraPid('mongo-store'), withChildren: true },
  { name: 'kafka', pid: infraPid('kafka') },
];

// Stopped from outside (a timeout's SIGTERM, a kill of the driver alone): the apps and baselines
// it started would outlive it and hold their ports, and the next run's apps would fail to listen.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of Object.values(children)) child?.kill('SIGTERM');
    void stack.stopAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}

/** What every bench driver does first: keys, the servers up, the apps built, the run's store and Kafka admin. */
export async function prepareServers(): Promise<{ db: Connection; kafkaAdmin: Admin }> {
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'ignore' });
  await infra('up');
  buildFromSources();
  const db = await mongoose.createConnection(mongoUri).asPromise();
  const kafkaAdmin = new Kafka({ clientId: 'bench-admin', brokers: [brokers], logLevel: logLevel.ERROR }).admin();
  await kafkaAdmin.connect();
  return { db, kafkaAdmin };
}
