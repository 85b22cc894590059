/**
 * npm run bench [-- --quick]
 *
 * POST /order and the order processor against bare baselines measured in the same run, on
 * the same machine and servers: the figures are ratios, because absolute rates on a shared
 * 2-core machine move from run to run. Prints one table and writes the same as JSON under
 * bench/results/. --quick (seconds, small N) only proves the script works; it runs in CI.
 */
import { ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import mongoose, { Connection, Types } from 'mongoose';
import { toOrderPlacedEvent } from '../apps/orders/src/orders/order.mapper';
import type { OrderRecord } from '../apps/orders/src/orders/orders.repository';
import { EventHeader, ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION } from '@app/contracts';
import { AppName, infra, ROOT, sleep, Stack } from '../test/system/stack';
import { registerBenchUser } from './bench-user';
import { runScript, spawnScript, stopChild, waitHttp } from './children';
import { postOrders, LoadResult } from './load';
import { orderBody } from './order-body';
import { CpuMeter, peakRssMb, round, Watched } from './process-stats';
import { atLeast, atMost, Figure, formatNumber, percentile, printFigures, printTable } from './report';

const quick = process.argv.includes('--quick');
const settings = quick
  ? { mode: 'quick', warmupS: 1, durationS: 3, connections: 16, concurrency: 16, backlog: 300 }
  : { mode: 'full', warmupS: 5, durationS: 15, connections: 32, concurrency: 32, backlog: 5000 };

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const database = `rop_bench_${runId}`;
const mongoUri = `mongodb://127.0.0.1:27017/${database}`;
const topicPrefix = `bench-${runId}.`;
const placedTopic = `${topicPrefix}orders.placed`;
const brokers = '127.0.0.1:9092';
const PORTS: Record<AppName, number> = { orders: 4200, auth: 4201, 'order-processor': 4202 };
const B1_PORT = 4210;
const NAIVE_PORT = 4211;

let breakersEnabled = true;
const stack = new Stack({
  ports: PORTS,
  mongoUri,
  topicPrefix,
  logStem: 'bench',
  // The apps' production defaults, except that tokens are not throttled for the bench user.
  env: () => ({
    AUTH_TOKEN_RATE_LIMIT: '1000',
    BREAKERS_ENABLED: String(breakersEnabled),
    BREAKER_MONGO_RESET_MS: undefined,
    BREAKER_KAFKA_RESET_MS: undefined,
    RELAY_INTERVAL_MS: undefined,
    RELAY_GRACE_MS: undefined,
    RELAY_LEASE_MS: undefined,
    PROCESSOR_RETRY_INITIAL_MS: undefined,
    PROCESSOR_RETRY_MAX_MS: undefined,
    PROCESSOR_NOT_FOUND_RETRIES: undefined,
    MONGO_SERVER_SELECTION_TIMEOUT_MS: undefined,
  }),
});

const baselineEnv = (collection: string, topic: string): NodeJS.ProcessEnv => ({
  MONGO_URI: mongoUri,
  KAFKA_BROKERS: brokers,
  BENCH_COLLECTION: collection,
  BENCH_TOPIC: topic,
});

const children: Record<string, ChildProcess | undefined> = {};
const infraPid = (name: string) => () => {
  try {
    return Number(readFileSync(resolve(ROOT, '.infra', 'run', `${name}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
};
const WATCHED: Watched[] = [
  { name: 'orders', pid: () => stack.pid('orders') },
  { name: 'order-processor', pid: () => stack.pid('order-processor') },
  { name: 'b0-loop', pid: () => children.b0?.pid },
  { name: 'b1-fastify', pid: () => children.b1?.pid },
  { name: 'b2-consumer', pid: () => children.b2?.pid },
  { name: 'naive', pid: () => children.naive?.pid },
  { name: 'bench-driver', pid: () => process.pid },
  { name: 'ferretdb', pid: infraPid('mongo') },
  { name: 'postgres', pid: infraPid('postgres'), withChildren: true },
  { name: 'kafka', pid: infraPid('kafka') },
];

type PhaseResult = { rps?: number; p50?: number; p99?: number; non2xx?: number; errors?: number; timeouts?: number; [figure: string]: number | undefined };

interface Phase {
  name: string;
  result: PhaseResult;
  cpuSeconds: Record<string, number>;
}
const phases: Phase[] = [];
const peakRss: Record<string, number> = {};

function notePeakRss(): void {
  for (const app of ['auth', 'orders', 'order-processor'] as AppName[]) {
    const pid = stack.pid(app);
    const rss = pid ? peakRssMb(pid) : undefined;
    if (rss !== undefined) peakRss[app] = Math.max(peakRss[app] ?? 0, round(rss));
  }
}

async function measured<T extends PhaseResult>(name: string, work: () => Promise<T>): Promise<T> {
  const meter = new CpuMeter(WATCHED);
  meter.start();
  const result = await work();
  const cpuSeconds = meter.stop();
  notePeakRss();
  phases.push({ name, result, cpuSeconds });
  const rate = result.rps === undefined ? '' : ` ${formatNumber(result.rps)}/s`;
  const latency = result.p99 === undefined ? '' : ` p50 ${formatNumber(result.p50)} ms p99 ${formatNumber(result.p99)} ms`;
  const failures = (result.non2xx ?? 0) + (result.errors ?? 0) + (result.timeouts ?? 0);
  console.log(`[bench] ${name}:${rate}${latency}${failures ? ` (${failures} failed requests)` : ''}`);
  return result;
}

/** A warm-up at full speed (not recorded), then the measured run. */
async function maxRate(name: string, url: string, token: string | undefined, userid: string): Promise<LoadResult> {
  await postOrders({ url, token, userid, connections: settings.connections, durationS: settings.warmupS });
  return measured(name, () => postOrders({ url, token, userid, connections: settings.connections, durationS: settings.durationS }));
}

/** N placed orders in the database and their OrderPlaced events on the topic, as apps/orders writes them. */
async function preloadBacklog(db: Connection, count: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-preload', brokers: [brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let start = 0; start < count; start += 100) {
      const now = new Date();
      const orders: OrderRecord[] = Array.from({ length: Math.min(100, count - start) }, (_, index) => {
        const body = orderBody('bench-backlog', start + index);
        return {
          _id: new Types.ObjectId(),
          userid: 'bench-backlog',
          costMinor: Math.round(body.cost * 100),
          orderitems: body.orderitems.map((item) => ({ name: item.name, quantity: item.quantity, priceMinor: Math.round(item.price * 100) })),
          status: 'PLACED',
          statusHistory: [{ status: 'PLACED', at: now }],
          // Held far into the future, so the orders app's relay leaves the backlog to the consumers.
          outbox: { published: false, leaseUntil: new Date('2100-01-01'), leaseOwner: 'bench', attempts: 1 },
          outboxPending: true,
          createdAt: now,
          updatedAt: now,
        } as OrderRecord;
      });
      await db.collection('orders').insertMany(orders);
      await producer.send({
        topic: placedTopic,
        acks: -1,
        messages: orders.map((order) => ({
          key: order._id.toHexString(),
          value: JSON.stringify(toOrderPlacedEvent(order)),
          headers: {
            [EventHeader.CORRELATION_ID]: order._id.toHexString(),
            [EventHeader.EVENT_TYPE]: ORDER_PLACED_EVENT,
            [EventHeader.SCHEMA_VERSION]: String(ORDER_PLACED_SCHEMA_VERSION),
          },
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Orders/s of a consumer group working through the backlog: from the earliest processedAt
 * (its first write began) until its committed offsets reach the end of the topic (it commits
 * after writing). Measured the same way for B2 and the processor, and by asking Kafka rather
 * than polling the collection, which would load the database under test.
 */
async function drainRate(db: Connection, admin: Admin, groupId: string, filter: Record<string, unknown>, expected: number): Promise<{ rps: number; count: number; seconds: number }> {
  await waitUntil('backlog processed', () => caughtUp(admin, groupId, placedTopic), 600_000, 100);
  const finished = Date.now();
  const [first] = await db.collection('orders').find({ ...filter, status: 'PROCESSED' }).sort({ processedAt: 1 }).limit(1).toArray();
  if (!(first?.processedAt instanceof Date)) throw new Error(`${groupId} committed the backlog but no order of it is PROCESSED`);
  const seconds = (finished - first.processedAt.getTime()) / 1000;
  const processed = await db.collection('orders').countDocuments({ ...filter, status: 'PROCESSED' });
  if (processed !== expected) throw new Error(`${groupId} committed the backlog but ${processed} of ${expected} orders are PROCESSED`);
  return { rps: expected / seconds, count: expected, seconds };
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, pollMs = 100): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
  return Date.now() - started;
}

async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => end.high === '0' || committed.partitions.find((partition) => partition.partition === end.partition)?.offset === end.high);
}

/** Time from `npm start` (warm caches, servers up) to all apps ready, unless the operator's apps are running. */
function timeNpmStart(): { seconds?: number; note?: string } {
  const running = spawnSync('curl', ['-fs', '-o', '/dev/null', 'http://127.0.0.1:3000/health'], { timeout: 3000 });
  if (running.status === 0) return { note: 'skipped: something already serves port 3000 (npm start is running?)' };
  const started = Date.now();
  const start = spawnSync('bash', [resolve(ROOT, 'scripts', 'start.sh')], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  const seconds = (Date.now() - started) / 1000;
  // The apps only (npm stop would take the servers down too).
  const pm2 = { cwd: ROOT, stdio: 'ignore' as const, timeout: 60_000, env: { ...process.env, PM2_HOME: resolve(ROOT, '.infra', 'pm2') } };
  spawnSync(resolve(ROOT, 'node_modules', '.bin', 'pm2'), ['delete', 'all'], pm2);
  spawnSync(resolve(ROOT, 'node_modules', '.bin', 'pm2'), ['kill'], pm2);
  return start.status === 0 ? { seconds } : { note: `npm start failed with ${start.status}` };
}

function versions(): Record<string, string> {
  const version = (name: string) => (JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    node: process.version,
    nestjs: version('@nestjs/core'),
    kafkajs: version('kafkajs'),
    mongoose: version('mongoose'),
    autocannon: version('autocannon'),
    fastify: version('fastify'),
    kafka: '3.9.1',
    ferretdb: 'v1.24.2 on PostgreSQL 15',
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'ignore' });
  await infra('up');
  if (!existsSync(resolve(ROOT, 'dist', 'apps', 'order-processor', 'main.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const db = await mongoose.createConnection(mongoUri).asPromise();
  const kafkaAdmin = new Kafka({ clientId: 'bench-admin', brokers: [brokers], logLevel: logLevel.ERROR }).admin();
  await kafkaAdmin.connect();
  console.log(`[bench] ${settings.mode} run ${runId}: database ${database}, topics ${topicPrefix}*`);
  let npmStart: ReturnType<typeof timeNpmStart> = {};
  try {
    await stack.start('auth');
    await stack.start('orders');
    // The processor creates the topics (3 partitions) and joins its group, then waits for P3.
    await stack.start('order-processor');
    await stack.stop('order-processor');
    const user = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `bench${runId}`);
    const processorGroup = `${topicPrefix}order-processor`;
    // Between max-rate phases the processor works off what the last one placed, so no phase
    // pays for the relay looking at orders still waiting for the stopped processor.
    const processBacklog = async () => {
      await stack.start('order-processor');
      await waitUntil('processor caught up', () => caughtUp(kafkaAdmin, processorGroup, placedTopic), 300_000, 500);
      notePeakRss();
      await stack.stop('order-processor');
    };
    const ordersUrl = `http://127.0.0.1:${PORTS.orders}/order`;

    // P3: the same backlog through B2, then (reset to PLACED) through the order processor.
    await preloadBacklog(db, settings.backlog);
    const backlogFilter = { userid: 'bench-backlog' };
    await measured('B2 raw eachBatch + bulkWrite over the backlog', async () => {
      const consumer = runScript('baselines/batch-consumer.ts', {
        ...baselineEnv('orders', placedTopic),
        BENCH_GROUP: `${topicPrefix}bench-b2`,
        BENCH_EXPECTED: String(settings.backlog),
      }, (child) => (children.b2 = child));
      const rate = await drainRate(db, kafkaAdmin, `${topicPrefix}bench-b2`, backlogFilter, settings.backlog);
      await consumer;
      return rate;
    });
    await db.collection('orders').updateMany(backlogFilter, { $set: { status: 'PLACED' }, $unset: { processedAt: '' } });
    await measured('order-processor over the backlog', async () => {
      await stack.start('order-processor');
      return drainRate(db, kafkaAdmin, processorGroup, backlogFilter, settings.backlog);
    });
    notePeakRss();
    await stack.stop('order-processor');

    // P1: every contender at full speed, one after the other, the processor stopped (its share is P3).
    await measured('B0 plain loop: insertOne + send', () =>
      runScript<PhaseResult>('baselines/direct-loop.ts', {
        ...baselineEnv('bench_direct_orders', `${topicPrefix}bench.direct`),
        BENCH_CONCURRENCY: String(settings.concurrency),
        BENCH_WARMUP_MS: String(settings.warmupS * 1000),
        BENCH_DURATION_MS: String(settings.durationS * 1000),
      }, (child) => (children.b0 = child)),
    );
    children.b1 = spawnScript('baselines/bare-fastify.ts', { ...baselineEnv('bench_direct_orders', `${topicPrefix}bench.direct`), BENCH_PORT: String(B1_PORT) });
    await waitHttp(children.b1, `http://127.0.0.1:${B1_PORT}/health/ready`);
    const b1Url = `http://127.0.0.1:${B1_PORT}/order`;
    const b1 = await maxRate('B1 bare Fastify: insertOne + send', b1Url, undefined, user.id);
    const sut = await maxRate('SUT POST /order (breakers on)', ordersUrl, user.token, user.id);
    await processBacklog();

    // P5: the same with the breakers off.
    breakersEnabled = false;
    await stack.stop('orders');
    await stack.start('orders');
    const sutNoBreakers = await maxRate('SUT POST /order (breakers off)', ordersUrl, user.token, user.id);
    await processBacklog();
    breakersEnabled = true;
    await stack.stop('orders');
    await stack.start('orders');
    const sutAgain = await maxRate('SUT POST /order (breakers on, again)', ordersUrl, user.token, user.id);
    await processBacklog();

    // P6: the naive implementation.
    children.naive = spawnScript('naive/naive-orders.ts', {
      ...baselineEnv('naive_orders', `${topicPrefix}bench.naive`),
      BENCH_PORT: String(NAIVE_PORT),
      JWT_PUBLIC_KEY_PATH: resolve(ROOT, 'certs', 'jwt-public.pem'),
    });
    await waitHttp(children.naive, `http://127.0.0.1:${NAIVE_PORT}/order`);
    const naive = await maxRate('naive NestJS/Express + save() + awaited emit', `http://127.0.0.1:${NAIVE_PORT}/order`, user.token, user.id);
    await stopChild(children.naive);

    // P2: at half of B1's max rate, under B1's conditions: nothing consumes the events.
    const halfRate = Math.max(10, Math.round(b1.rps / 2));
    const atHalfRate = (url: string, token?: string) =>
      postOrders({ url, token, userid: user.id, connections: settings.connections, durationS: settings.durationS, rate: halfRate });
    const b1Fixed = await measured(`B1 at ${halfRate}/s`, () => atHalfRate(b1Url));
    await stopChild(children.b1);
    const sutFixedAlone = await measured(`SUT at ${halfRate}/s (processor stopped, as for B1)`, () => atHalfRate(ordersUrl, user.token));

    // P4: the same rate with the whole system running.
    await stack.start('order-processor');
    await waitUntil('processor caught up', () => caughtUp(kafkaAdmin, processorGroup, placedTopic), 300_000, 500);
    const p4Start = new Date();
    const sutFixed = await measured(`SUT at ${halfRate}/s (processor running)`, () => atHalfRate(ordersUrl, user.token));
    const loadEnded = Date.now();
    const p4Filter = { userid: user.id, createdAt: { $gte: p4Start } };
    // Kafka's committed offsets first (cheap to poll), then the orders themselves: an order whose
    // event is not on Kafka yet (a publish left to the relay) is lag too.
    const placedLeft = () => db.collection('orders').countDocuments({ ...p4Filter, status: 'PLACED' });
    await waitUntil('lag back to 0', async () => (await caughtUp(kafkaAdmin, processorGroup, placedTopic)) && (await placedLeft()) === 0, 120_000, 50);
    const drainMs = Date.now() - loadEnded;
    const placedToProcessed = (await db.collection('orders').find(p4Filter, { projection: { createdAt: 1, processedAt: 1 } }).toArray())
      .filter((order) => order.processedAt instanceof Date)
      .map((order) => (order.processedAt as Date).getTime() - (order.createdAt as Date).getTime())
      .sort((a, b) => a - b);
    const e2e = { p50: percentile(placedToProcessed, 0.5), p99: percentile(placedToProcessed, 0.99), count: placedToProcessed.length, drainMs };
    console.log(`[bench] placed → PROCESSED: p50 ${e2e.p50} ms p99 ${e2e.p99} ms over ${e2e.count} orders; lag 0 after ${drainMs} ms`);
    notePeakRss();

    await stack.stopAll();
    npmStart = timeNpmStart();

    const b0 = phases.find((phase) => phase.name.startsWith('B0'))!.result;
    const b2 = phases.find((phase) => phase.name.startsWith('B2'))!.result;
    const processor = phases.find((phase) => phase.name.startsWith('order-processor'))!.result;
    const sutRate = (sut.rps + sutAgain.rps) / 2;
    const figures: Figure[] = [
      atLeast('P1', 'SUT max req/s ÷ B1', sutRate / b1.rps, 0.85, '', `${formatNumber(sutRate)} / ${formatNumber(b1.rps)}`),
      atLeast('P1', 'SUT max req/s ÷ B0', sutRate / b0.rps!, 0.7, '', `${formatNumber(sutRate)} / ${formatNumber(b0.rps)}`),
      atMost('P2', `SUT p99 ÷ B1 p99 at ${halfRate}/s`, sutFixedAlone.p99 / b1Fixed.p99, 1.5, '', `${sutFixedAlone.p99} / ${b1Fixed.p99} ms; ${sutFixed.p99} ms with the processor running`),
      atLeast('P3', 'processor orders/s ÷ B2', processor.rps! / b2.rps!, 0.8, '', `${formatNumber(processor.rps)} / ${formatNumber(b2.rps)}`),
      atLeast('P3', 'processor orders/s ÷ SUT max req/s', processor.rps! / sutRate, 1.2, '', `${formatNumber(processor.rps)} / ${formatNumber(sutRate)}`),
      atMost('P4', 'placed → PROCESSED p99', e2e.p99, sutFixed.p99 + 50, 'ms', `p50 ${e2e.p50} ms; goal is SUT POST p99 ${sutFixed.p99} ms + 50`),
      atMost('P4', 'lag back to 0 after load stops', drainMs, 2000, 'ms'),
      atLeast('P5', 'SUT req/s breakers on ÷ off', sutRate / sutNoBreakers.rps, 0.98, '', `${formatNumber(sutRate)} / ${formatNumber(sutNoBreakers.rps)}`),
      atLeast('P6', 'SUT req/s ÷ naive req/s', sutRate / naive.rps, 1.5, '', `${formatNumber(sutRate)} / ${formatNumber(naive.rps)}`),
      ...(['auth', 'orders', 'order-processor'] as AppName[]).map((app) => atMost('P7', `peak RSS of ${app}`, peakRss[app], 150, 'MB')),
      atMost('P7', 'npm start (warm) to all apps ready', npmStart.seconds, 30, 's', npmStart.note),
    ];
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30) };
    console.log(`\n[bench] machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB; ${JSON.stringify(versions())}`);
    console.log(`[bench] settings: ${JSON.stringify(settings)}`);
    printTable(
      'Phases (CPU seconds of each process during the phase)',
      ['phase', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'cpu s'],
      phases.map((phase) => [
        phase.name,
        formatNumber(phase.result.rps),
        formatNumber(phase.result.p50),
        formatNumber(phase.result.p99),
        String((phase.result.non2xx ?? 0) + (phase.result.errors ?? 0) + (phase.result.timeouts ?? 0)),
        Object.entries(phase.cpuSeconds)
          .filter(([, seconds]) => seconds > 0)
          .map(([name, seconds]) => `${name} ${seconds}`)
          .join(', '),
      ]),
    );
    printFigures(figures);
    const failed = figures.filter((figure) => figure.pass === false).length;
    console.log(`\n[bench] ${figures.length - failed} of ${figures.length} goals met; ${Math.round((Date.now() - started) / 1000)} s`);
    mkdirSync(resolve(ROOT, 'bench', 'results'), { recursive: true });
    const file = resolve(ROOT, 'bench', 'results', `${settings.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ runId, at: new Date().toISOString(), machine, versions: versions(), settings, phases, placedToProcessed: e2e, peakRssMb: peakRss, npmStart, figures }, null, 2)}\n`);
    console.log(`[bench] results: ${file}`);
  } finally {
    await stack.stopAll();
    for (const child of Object.values(children)) await stopChild(child);
    await kafkaAdmin.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
