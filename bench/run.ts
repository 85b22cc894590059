/**
 * npm run bench [-- --quick | --scale | --tracing]
 *
 * POST /order and the order processor against bare baselines measured in the same run, on
 * the same machine and servers: the figures are ratios, because absolute rates on a shared
 * 2-core machine move from run to run. Prints one table and writes the same as JSON under
 * bench/results/. --quick (seconds, small N) only proves the script works; it runs in CI.
 *
 * The parts: bench-stack.ts (settings, apps, baselines), phases.ts (metering a phase),
 * backlog.ts (preloading and draining the topic), paced.ts (loads at a rate, evenly spaced),
 * latency-goals.ts and hops.ts (P4: placed → PROCESSED, and where an order waits),
 * summary.ts (tables and the results file). --scale: bench/scale.ts; --tracing: tracing-cost.ts.
 */
import { resolve } from 'node:path';
import { AppName, ROOT } from '@test/system/stack';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { B1_PORT, B3_PORT, baselineEnv, catalogUrl, children, database, NAIVE_PORT, placedTopic, PORTS, prepareServers, runId, settings, stack, stackOptions, topicPrefix } from './bench-stack';
import { searchProducts, seedProducts } from './catalog-search';
import { caughtUp, drainRate, placedToProcessed, preloadBacklog, waitUntil } from './backlog';
import { createOrderableProducts, postCatalogOrders } from './catalog-orders';
import { followPhase, latencyFigures } from './latency-goals';
import { registerBenchUser } from './bench-user';
import { runScript, spawnScript, stopChild, waitHttp } from './children';
import { postOrders } from './load';
import { driftCheck, heldTarget } from './drift';
import { freshOrderState } from './fresh-state';
import { maxRate, measured, memoryAtPeak, notePeakRss, peakRss, PhaseResult, phaseResult } from './phases';
import { atLeast, atMost, Figure, formatNumber } from './report';
import { report, timeNpmStart } from './summary';
import { OtlpReceiver } from '@test/observability/otlp-receiver';

async function main(): Promise<void> {
  const started = Date.now();
  const { db, kafkaAdmin } = await prepareServers();
  console.log(`[bench] ${settings.mode} run ${runId}: database ${database}, topics ${topicPrefix}*`);
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
    // Each max-rate phase on an empty store (fresh-state.ts); the first SUT phase is run again at
    // the end on the same state, and the run's ratios count only if the two agree (drift.ts).
    const fresh = () => freshOrderState(db);
    // The orders app's relay sweeps every RELAY_SWEEP_INTERVAL_MS, and with the processor stopped a
    // sweep reads every order of the phase: started anew before each SUT phase, its sweeps fall at
    // the same moments of every phase (measured: 861/s and 1061/s for the same phase without).
    const freshSut = async () => {
      await fresh();
      await stack.stop('orders');
      await stack.start('orders');
    };
    await fresh();
    const b1 = await maxRate('B1 bare Fastify: insertOne + send', b1Url, undefined, user.id);
    await freshSut();
    const sut = await maxRate('SUT POST /order (breakers on)', ordersUrl, user.token, user.id);
    await processBacklog();

    // P5: the same with the breakers off.
    stackOptions.breakersEnabled = false;
    await freshSut();
    const sutNoBreakers = await maxRate('SUT POST /order (breakers off)', ordersUrl, user.token, user.id);
    await processBacklog();
    stackOptions.breakersEnabled = true;
    await freshSut();
    const sutAgain = await maxRate('SUT POST /order (breakers on, again)', ordersUrl, user.token, user.id);
    await processBacklog();

    // P9: the same with tracing on, every span exported over OTLP/HTTP (protobuf, the SDK's
    // defaults) to a receiver here; then with one trace in ten sampled.
    const receiver = new OtlpReceiver({ keep: false });
    await receiver.start();
    const traced = async (name: string, ratio?: number, untracedLayers?: string) => {
      stackOptions.tracesTo = receiver.endpoint;
      stackOptions.traceRatio = ratio;
      stackOptions.untracedLayers = untracedLayers;
      await freshSut();
      const before = receiver.bytes;
      const result = await maxRate(name, ordersUrl, user.token, user.id);
      await stack.stop('orders'); // flushes the last spans
      console.log(`[bench] ${name}: ${Math.round((receiver.bytes - before) / 1024)} KiB of spans exported`);
      // Processed before the next phase empties the store: an order deleted before its OrderPlaced
      // is consumed would make the processor wait for it, and dead-letter it.
      await processBacklog();
      stackOptions.tracesTo = undefined;
      stackOptions.traceRatio = undefined;
      stackOptions.untracedLayers = undefined;
      return result;
    };
    const sutTraced = await traced('SUT POST /order (tracing on, every trace)');
    const sutSampled = await traced('SUT POST /order (tracing on, 1 in 10 sampled)', 0.1);
    const sutLean = await traced('SUT POST /order (tracing on, without the HTTP, Fastify and Nest instrumentations)', undefined, 'http,fastify,nestjs-core');
    await receiver.stop();
    await stack.start('orders');

    // P6: the naive implementation.
    children.naive = spawnScript('naive/naive-orders.ts', {
      ...baselineEnv('naive_orders', `${topicPrefix}bench.naive`),
      BENCH_PORT: String(NAIVE_PORT),
      JWT_PUBLIC_KEY_PATH: resolve(ROOT, 'certs', 'jwt-public.pem'),
    });
    await waitHttp(children.naive, `http://127.0.0.1:${NAIVE_PORT}/order`);
    await fresh();
    const naive = await maxRate('naive NestJS/Express + save() + awaited emit', `http://127.0.0.1:${NAIVE_PORT}/order`, user.token, user.id);
    await stopChild(children.naive);

    // P8: the catalog's search over many products against a bare Fastify + pg route running the same query.
    await createDatabase(new URL(catalogUrl));
    await stack.start('catalog'); // applies the migrations
    await seedProducts(catalogUrl, settings.products);
    children.b3 = spawnScript('baselines/bare-catalog.ts', { BENCH_DATABASE_URL: catalogUrl, BENCH_PORT: String(B3_PORT) });
    await waitHttp(children.b3, `http://127.0.0.1:${B3_PORT}/health/ready`);
    const searchAt = (url: string, durationS: number, rate?: number) => searchProducts({ url, connections: settings.connections, durationS, rate });
    const searchMax = async (name: string, url: string) => {
      await searchAt(url, settings.warmupS);
      return measured(name, () => searchAt(url, settings.durationS));
    };
    const b3Url = `http://127.0.0.1:${B3_PORT}/api/products`;
    const catalogSearchUrl = `http://127.0.0.1:${PORTS.catalog}/api/products`;
    const b3 = await searchMax(`B3 bare Fastify + pg: search of ${settings.products} products`, b3Url);
    const catalogSearch = await searchMax('SUT GET /api/products?name=', catalogSearchUrl);
    const searchHalfRate = Math.max(10, Math.round(b3.rps / 2));
    const b3Half = await measured(`B3 search at ${searchHalfRate}/s`, async () => heldTarget(await searchAt(b3Url, settings.durationS, searchHalfRate), searchHalfRate));
    const searchHalf = await measured(`SUT search at ${searchHalfRate}/s`, async () => heldTarget(await searchAt(catalogSearchUrl, settings.durationS, searchHalfRate), searchHalfRate));
    await stopChild(children.b3);
    // Stopped while P2 measures the orders app alone; P4's catalog orders start it again.
    await stack.stop('catalog');

    // P2: at half of B1's max rate, under B1's conditions: nothing consumes the events.
    const halfRate = Math.max(10, Math.round(b1.rps / 2));
    const atHalfRate = (url: string, token?: string) =>
      postOrders({ url, token, userid: user.id, connections: settings.connections, durationS: settings.durationS, rate: halfRate });
    await fresh();
    const b1Fixed = await measured(`B1 at ${halfRate}/s`, async () => heldTarget(await atHalfRate(b1Url), halfRate));
    await stopChild(children.b1);
    await fresh();
    const sutFixedAlone = await measured(`SUT at ${halfRate}/s (processor stopped, as for B1)`, async () => heldTarget(await atHalfRate(ordersUrl, user.token), halfRate));

    // P4: the whole system running, at a quarter and half of what it sustains. Each phase's orders
    // are followed from their POST to their announcement (hops.ts: where an order waits).
    await stack.start('order-processor');
    await waitUntil('processor caught up', () => caughtUp(kafkaAdmin, processorGroup, placedTopic), 300_000, 500);
    const productLess = (rate: number, label: string) =>
      followPhase({
        name: `SUT at ${rate}/s, ${label} (processor running)`,
        rate,
        db,
        userId: user.id,
        meter: measured,
        post: async () => heldTarget(await postOrders({ url: ordersUrl, token: user.token, userid: user.id, connections: settings.connections, durationS: settings.durationS, rate }), rate),
        // Committed offsets (cheap), then the orders: one whose event waits for the relay is lag too.
        settle: (filter) => waitUntil('lag back to 0', async () => (await caughtUp(kafkaAdmin, processorGroup, placedTopic)) && (await db.collection('orders').countDocuments({ ...filter, status: 'PLACED' })) === 0, 120_000, 50),
        hops: { topicPrefix },
      });
    // Their max is what the whole SUT sustains: POSTs at full speed with the processor running,
    // counted by the orders PROCESSED within the phase (on 2 cores the two share the CPU).
    const sustainedFrom = new Date();
    const plainMax = await maxRate('SUT POST /order at full speed (processor running)', ordersUrl, user.token, user.id);
    const processedWithin = await db.collection('orders').countDocuments({ userid: user.id, processedAt: { $gte: sustainedFrom, $lte: new Date(sustainedFrom.getTime() + (settings.warmupS + plainMax.seconds) * 1000) } });
    const sustained = Math.min(plainMax.rps, processedWithin / (settings.warmupS + plainMax.seconds));
    console.log(`[bench] product-less orders: ${formatNumber(sustained)}/s sustained (POST ${formatNumber(plainMax.rps)}/s, ${processedWithin} PROCESSED within the phase)`);
    await waitUntil('lag back to 0', () => caughtUp(kafkaAdmin, processorGroup, placedTopic), 300_000, 200);
    const plainQuarter = await productLess(Math.max(5, Math.round(sustained / 4)), 'a quarter of what the SUT sustains');
    const plainHalf = await productLess(Math.max(10, Math.round(sustained / 2)), 'half of what the SUT sustains');

    // P4 for catalog orders: priced from the copy, reserved by the catalog, PROCESSED on StockReserved.
    await stack.start('catalog');
    const catalogGroup = `${topicPrefix}catalog-reservations`;
    await waitUntil('catalog caught up', () => caughtUp(kafkaAdmin, catalogGroup, placedTopic), 300_000, 500);
    const productIds = await createOrderableProducts({
      authUrl: `http://127.0.0.1:${PORTS.auth}`,
      catalogUrl: `http://127.0.0.1:${PORTS.catalog}`,
      ordersUrl,
      buyerToken: user.token,
      count: 20,
    });
    // Its own max and loads: a catalog order costs more (the copy, a reservation, two more events).
    const postCatalog = (durationS: number, rate?: number) =>
      postCatalogOrders({ url: ordersUrl, token: user.token, productIds, connections: settings.connections, durationS, rate });
    await postCatalog(settings.warmupS);
    const catalogMax = await measured('SUT catalog orders at full speed (whole saga running)', () => postCatalog(settings.durationS));
    await waitUntil('catalog orders of the max phase settled', async () => (await db.collection('orders').countDocuments({ userid: user.id, status: 'PLACED' })) === 0, 300_000, 200);
    const catalogAt = (rate: number, label: string) =>
      followPhase({
        name: `SUT catalog orders at ${rate}/s, ${label} (whole saga running)`,
        rate,
        db,
        userId: user.id,
        meter: measured,
        post: async () => heldTarget(await postCatalog(settings.durationS, rate), rate),
        settle: (filter) => waitUntil('catalog orders settled', async () => (await db.collection('orders').countDocuments({ ...filter, status: 'PLACED' })) === 0, 300_000, 50),
        hops: { topicPrefix, catalogUrl },
      });
    const catalogQuarter = await catalogAt(Math.max(5, Math.round(catalogMax.rps / 4)), 'a quarter of their max');
    const catalogHalf = await catalogAt(Math.max(10, Math.round(catalogMax.rps / 2)), 'half of their max');
    notePeakRss();

    // The drift check: the first SUT phase again, under its conditions (nothing consuming, an empty store).
    await stack.stop('catalog');
    await stack.stop('order-processor');
    await freshSut();
    const sutLast = await maxRate('SUT POST /order (breakers on), the first phase repeated: drift check', ordersUrl, user.token, user.id);
    const drift = driftCheck(sut.rps, sutLast.rps);

    await stack.stopAll();
    const npmStart = timeNpmStart();

    const b0 = phaseResult('B0');
    const b2 = phaseResult('B2');
    const processor = phaseResult('order-processor');
    const sutRate = (sut.rps + sutAgain.rps) / 2;
    // A latency a rate-targeted phase could not report (drift.ts) makes the figures on it n/a.
    const ratioOf = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
    const within = (value: number | undefined, base: number | undefined) => (base === undefined ? undefined : value);
    const figures: Figure[] = [
      atLeast('P1', 'SUT max req/s ÷ B1', sutRate / b1.rps, 0.85, '', `${formatNumber(sutRate)} / ${formatNumber(b1.rps)}`),
      atLeast('P1', 'SUT max req/s ÷ B0', sutRate / b0.rps!, 0.7, '', `${formatNumber(sutRate)} / ${formatNumber(b0.rps)}`),
      atMost('P2', `SUT p99 ÷ B1 p99 at ${halfRate}/s`, ratioOf(sutFixedAlone.p99, b1Fixed.p99), 1.5, '', `${sutFixedAlone.p99} / ${b1Fixed.p99} ms`),
      atLeast('P3', 'processor orders/s ÷ B2', processor.rps! / b2.rps!, 0.8, '', `${formatNumber(processor.rps)} / ${formatNumber(b2.rps)}`),
      atLeast('P3', 'processor orders/s ÷ SUT max req/s', processor.rps! / sutRate, 1.2, '', `${formatNumber(processor.rps)} / ${formatNumber(sutRate)}`),
      ...latencyFigures('product-less orders', plainQuarter, plainHalf, 1000),
      ...latencyFigures('catalog orders', catalogQuarter, catalogHalf, 1000),
      atLeast('P5', 'SUT req/s breakers on ÷ off', sutRate / sutNoBreakers.rps, 0.98, '', `${formatNumber(sutRate)} / ${formatNumber(sutNoBreakers.rps)}`),
      atLeast('P9', 'SUT req/s tracing on (every trace) ÷ off', sutTraced.rps / sutRate, 0.8, '', `${formatNumber(sutTraced.rps)} / ${formatNumber(sutRate)}; ${receiver.requests} OTLP exports, ${Math.round(receiver.bytes / 1024)} KiB in all`),
      atLeast('P9', 'SUT req/s tracing on (1 in 10 sampled) ÷ off', sutSampled.rps / sutRate, 0.9, '', `${formatNumber(sutSampled.rps)} / ${formatNumber(sutRate)}`),
      atLeast('P9', 'SUT req/s tracing on, no HTTP-layer instrumentations ÷ off', sutLean.rps / sutRate, 0.9, '', `${formatNumber(sutLean.rps)} / ${formatNumber(sutRate)}; OTEL_NODE_DISABLED_INSTRUMENTATIONS=http,fastify,nestjs-core`),
      atLeast('P6', 'SUT req/s ÷ naive req/s', sutRate / naive.rps, 1.5, '', `${formatNumber(sutRate)} / ${formatNumber(naive.rps)}`),
      atLeast('P8', 'catalog search req/s ÷ B3', catalogSearch.rps / b3.rps, 0.85, '', `${formatNumber(catalogSearch.rps)} / ${formatNumber(b3.rps)} at ${settings.products} products`),
      atMost('P8', `catalog search p99 ÷ B3 p99 at ${searchHalfRate}/s`, ratioOf(searchHalf.p99, b3Half.p99), 1.5, '', `${searchHalf.p99} / ${b3Half.p99} ms`),
      ...(['auth', 'orders', 'order-processor', 'catalog'] as AppName[]).map((app) => atMost('P7', `peak RSS of ${app}`, peakRss[app], 150, 'MB', memoryAtPeak(app))),
      atMost('P7', 'npm start (warm) to all apps ready', npmStart.seconds, 30, 's', npmStart.note),
    ];
    report(figures, { placedToProcessed: { quarter: plainQuarter, half: plainHalf }, catalogPlacedToProcessed: { quarter: catalogQuarter, half: catalogHalf }, npmStart }, started, drift);
  } finally {
    await stack.stopAll();
    for (const child of Object.values(children)) await stopChild(child);
    await kafkaAdmin.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await dropDatabase(new URL(catalogUrl)).catch(() => undefined);
  }
}

(process.argv.includes('--scale') ? import('./scale') : process.argv.includes('--tracing') ? import('./tracing-cost') : main()).catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
