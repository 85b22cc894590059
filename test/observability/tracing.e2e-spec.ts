import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@test/e2e/gateway';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { RawProducer } from '@test/e2e/raw-producer';
import { startServer, stopServer } from '@test/e2e/servers';
import { newAdmin, newUser } from '@test/e2e/tokens';
import { AppName, ROOT, Stack } from '@test/system/stack';
import { logDigest } from './log-digest';
import { CapturedSpan, OtlpReceiver } from './otlp-receiver';

/**
 * Traces and metrics of the apps as processes (instrumentations patch Node's module loader,
 * which Jest's own does not use), each from its source through ts-node, exporting OTLP/JSON to
 * a receiver in this test.
 */
const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const topicPrefix = `otel-${id}.`;
const catalogDatabase = new URL(`postgres://postgres@127.0.0.1:55432/catalog_otel_test_${id}`);
const APPS: AppName[] = ['catalog', 'orders', 'order-processor'];

const receiver = new OtlpReceiver();
let stack: Stack;
const admin = newAdmin();
const buyer = newUser();

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function url(app: AppName, path: string): string {
  return `http://127.0.0.1:${stack.port(app)}${path}`;
}

async function call(app: AppName, method: string, path: string, token?: string, body?: object): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url(app, path), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text/plain (metrics)
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The value of one series in an app's /metrics, 0 when it is not there (yet). */
async function metric(app: AppName, name: string, labels: Record<string, string>): Promise<number> {
  const { body } = await call(app, 'GET', '/metrics');
  for (const line of String(body).split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

async function placeCatalogOrder(productId: string): Promise<{ orderid: string; traceId: string; correlationId: string }> {
  const placed = await call('orders', 'POST', '/order', buyer.token, { orderitems: [{ productId, quantity: 1 }] });
  expect(placed.status).toBe(201);
  const orderid = (placed.body as { orderid: string }).orderid;
  // The request's server span: the one root of the order's trace.
  const server = await eventually('the POST /order span', async () =>
    receiver.spans.find((span) => span.service === 'orders' && span.kind === 2 && !span.parentSpanId && span.attributes['http.request.method'] === 'POST' && span.attributes['url.path'] === '/order' && traceHasOrder(span.traceId, orderid)),
  );
  return { orderid, traceId: server.traceId, correlationId: placed.headers.get('x-correlation-id') ?? '' };
}

/** Whether the trace's producer spans carry this order's key (the order id). */
function traceHasOrder(traceId: string, orderid: string): boolean {
  return receiver.trace(traceId).some((span) => span.attributes['messaging.kafka.message.key'] === orderid);
}

async function statusOf(orderid: string): Promise<string> {
  const { body } = await call('orders', 'GET', `/orderdetails?orderid=${orderid}`, buyer.token);
  return (body as { status?: string }).status ?? '';
}

/** What a recovery that timed out left behind: each order's status, the outboxes, the apps' warnings. */
async function outageDiagnosis(orderids: string[], sinceMs: number): Promise<string> {
  const statuses = await Promise.all(orderids.map((orderid) => statusOf(orderid).catch((error: Error) => error.message)));
  const unpublished = await metric('orders', 'outbox_unpublished_events', { outbox: 'orders' }).catch(() => NaN);
  const catalogUnpublished = await metric('catalog', 'outbox_unpublished_events', { outbox: 'catalog' }).catch(() => NaN);
  const logs = Object.fromEntries(APPS.map((app) => [app, resolve(ROOT, '.infra', 'logs', `otel-${app}.log`)]));
  return `statuses ${statuses.join(', ')}; unpublished orders ${unpublished}, catalog events ${catalogUnpublished}; warnings since the broker returned:\n${logDigest(logs, sinceMs - 5000)}`;
}

function servicesOf(spans: CapturedSpan[]): Set<string> {
  return new Set(spans.map((span) => span.service));
}

beforeAll(async () => {
  await receiver.start();
  await createDatabase(catalogDatabase);
  const ports = { catalog: await freePort(), orders: await freePort(), 'order-processor': await freePort() };
  stack = new Stack({
    ports,
    mongoUri: `mongodb://127.0.0.1:27017/rop_otel_test_${id}`,
    catalogDatabaseUrl: catalogDatabase.toString(),
    topicPrefix,
    logStem: 'otel',
    fromSource: true,
    env: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      LOG_LEVEL: 'info',
      ADMIN_USERNAME: 'otel-admin',
      ADMIN_PASSWORD: 'otel admin password',
    }),
  });
  // The processor first: it creates the topics the others consume from.
  for (const app of ['order-processor', 'catalog', 'orders'] as const) await stack.start(app);
}, 240_000);

afterAll(async () => {
  await stack?.stopAll();
  await receiver.stop();
  await dropDatabase(catalogDatabase).catch(() => undefined);
}, 60_000);

describe('traces', () => {
  let productId: string;

  beforeAll(async () => {
    const created = await call('catalog', 'POST', '/api/products', admin.token, { name: `Traced tea ${id}`, price: 3.5, stock: 100 });
    expect(created.status).toBe(201);
    productId = (created.body as { id: string }).id;
    // Orders prices from its copy of the catalog, filled over Kafka.
    await eventually('the product in the orders app', async () => {
      const quote = await call('orders', 'POST', '/api/orders/quote', buyer.token, { orderitems: [{ productId, quantity: 1 }] });
      return quote.status === 200 ? true : undefined;
    });
  }, 90_000);

  it('follows one order of a catalog product through orders, the catalog and the processor in one trace', async () => {
    const { orderid, traceId, correlationId } = await placeCatalogOrder(productId);
    await eventually('PROCESSED', async () => ((await statusOf(orderid)) === 'PROCESSED' ? true : undefined));
    const spans = await eventually('spans of the three apps', async () => {
      const trace = receiver.trace(traceId);
      // Each app exports on its own schedule: wait for every hop's span, not only the last one's.
      const hops = [
        ['orders', 'orders.placed'],
        ['catalog', 'catalog.stock'],
        ['order-processor', 'catalog.stock'],
        ['order-processor', 'orders.processed'],
      ];
      const complete = hops.every(([service, topic]) => trace.some((span) => span.service === service && span.name.endsWith(`${topicPrefix}${topic}`)));
      return servicesOf(trace).size === 3 && complete && trace.some((span) => span.service === 'catalog' && span.name.startsWith('process ')) ? trace : undefined;
    });
    expect(servicesOf(spans)).toEqual(new Set(['orders', 'catalog', 'order-processor']));
    const named = (service: string, name: string) => spans.find((span) => span.service === service && span.name === name);
    const placedSend = named('orders', `send ${topicPrefix}orders.placed`);
    const catalogProcess = named('catalog', `process ${topicPrefix}orders.placed`);
    const stockSend = named('catalog', `send ${topicPrefix}catalog.stock`);
    const processorProcess = named('order-processor', `process ${topicPrefix}catalog.stock`);
    const processedSend = named('order-processor', `send ${topicPrefix}orders.processed`);
    // Parented, not only linked: each hop is the child of the one before.
    expect(catalogProcess?.parentSpanId).toBe(placedSend?.spanId);
    expect(stockSend?.parentSpanId).toBe(catalogProcess?.spanId);
    expect(processorProcess?.parentSpanId).toBe(stockSend?.spanId);
    expect(processedSend?.parentSpanId).toBe(processorProcess?.spanId);
    // The insert of the order is in the request's trace too.
    expect(spans.some((span) => span.service === 'orders' && (span.attributes['db.system.name'] ?? span.attributes['db.system']) === 'mongodb')).toBe(true);
    // Another order's spans stay out of this trace: only this order's events and the stock
    // change of its product (ProductUpserted, keyed by the product) are in it.
    const keys = new Set(spans.map((span) => span.attributes['messaging.kafka.message.key']).filter((key) => key !== undefined));
    expect(keys).toEqual(new Set([orderid, productId]));
    // The request's log line names both its correlation id and its trace id.
    const lines = readFileSync(resolve(ROOT, '.infra', 'logs', 'otel-orders.log'), 'utf8').split('\n').filter(Boolean);
    const requestLine = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.correlationId === correlationId && line.trace_id === traceId);
    expect(correlationId).not.toBe('');
    expect(requestLine).toBeDefined();
    // Kept for README's example of one order's trace.
    writeFileSync(resolve(ROOT, '.infra', 'otel-order-trace.txt'), `${OtlpReceiver.tree(spans)}\n`);
  });

  it('keeps an order published by the relay after a broker outage in its request’s trace, and the breaker shows open', async () => {
    await stopServer('kafka');
    try {
      // Enough failed publishes to open the breaker (BREAKER_KAFKA_VOLUME_THRESHOLD is 3).
      const placed = await Promise.all(Array.from({ length: 5 }, () => call('orders', 'POST', '/order', buyer.token, { orderitems: [{ productId, quantity: 1 }] })));
      expect(placed.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
      const orderids = placed.map((answer) => (answer.body as { orderid: string }).orderid);
      const orderid = orderids[0];
      await eventually('the kafka breaker open in /metrics', async () => ((await metric('orders', 'circuit_breaker_state', { breaker: 'kafka', state: 'open' })) === 1 ? true : undefined));
      expect(await metric('orders', 'outbox_unpublished_events', { outbox: 'orders' })).toBeGreaterThanOrEqual(1);
      await startServer('kafka');
      const backAt = Date.now();
      // The broker back, the orders accepted meanwhile go on within seconds (the system suite measures it under load);
      // a minute means something waits that should not.
      try {
        for (const placedId of orderids) await eventually('PROCESSED after the outage', async () => ((await statusOf(placedId)) === 'PROCESSED' ? true : undefined), 60_000);
      } catch (error) {
        throw new Error(`${(error as Error).message}: ${await outageDiagnosis(orderids, backAt)}`);
      }
      console.log(`tracing e2e: the orders accepted during the outage were PROCESSED ${((Date.now() - backAt) / 1000).toFixed(1)} s after the broker returned`);
      const server = receiver.spans.find((span) => span.service === 'orders' && span.kind === 2 && span.attributes['url.path'] === '/order' && span.attributes['http.response.status_code'] === 201 && receiver.trace(span.traceId).some((other) => other.name === `send ${topicPrefix}orders.placed` && other.attributes['messaging.kafka.message.key'] === orderid));
      const trace = await eventually('the relayed order in its trace', async () => {
        const request = server ?? receiver.spans.find((span) => span.service === 'orders' && span.kind === 2 && receiver.trace(span.traceId).some((other) => other.attributes['messaging.kafka.message.key'] === orderid));
        const spans = request ? receiver.trace(request.traceId) : [];
        return servicesOf(spans).size === 3 ? spans : undefined;
      });
      // The relay's send (the request's attempt failed) is the parent of the catalog's processing.
      const sends = trace.filter((span) => span.name === `send ${topicPrefix}orders.placed`);
      const catalogProcess = trace.find((span) => span.service === 'catalog' && span.name === `process ${topicPrefix}orders.placed`);
      expect(sends.length).toBeGreaterThanOrEqual(2);
      expect(sends.map((span) => span.spanId)).toContain(catalogProcess?.parentSpanId);
      await eventually('the breaker closed again', async () => ((await metric('orders', 'circuit_breaker_state', { breaker: 'kafka', state: 'closed' })) === 1 ? true : undefined));
    } finally {
      await startServer('kafka');
    }
  }, 240_000);
});

describe('metrics', () => {
  it('serves the named series on every app', async () => {
    const expected: Partial<Record<AppName, string[]>> = {
      auth: [],
      orders: ['http_server_request_duration_seconds_bucket', 'circuit_breaker_state', 'outbox_unpublished_events', 'outbox_oldest_unpublished_age_seconds', 'order_status_transitions_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds'],
      catalog: ['http_server_request_duration_seconds_bucket', 'outbox_unpublished_events{outbox="catalog"}', 'stock_reservations_total{outcome="reserved"}', 'kafka_consumer_lag_messages', 'kafka_consumer_batch_size_messages_bucket'],
      'order-processor': ['order_status_transitions_total{to="PROCESSED"}', 'circuit_breaker_state', 'kafka_consumer_lag_messages', 'process_cpu_seconds_total'],
    };
    for (const app of APPS) {
      const { status, body, headers } = await call(app, 'GET', '/metrics');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toContain('text/plain');
      for (const series of expected[app] ?? []) expect(String(body)).toContain(series);
    }
  });

  it('counts a dead letter', async () => {
    const before = await metric('order-processor', 'kafka_dead_letters_total', { topic: `${topicPrefix}orders.placed` });
    const producer = new RawProducer();
    await producer.start();
    try {
      await producer.send(`${topicPrefix}orders.placed`, 'poison', 'not json at all');
    } finally {
      await producer.stop();
    }
    await eventually('the dead letter counted', async () => ((await metric('order-processor', 'kafka_dead_letters_total', { topic: `${topicPrefix}orders.placed` })) > before ? true : undefined));
  });

  it('labels request durations by route template, not by id', async () => {
    expect((await call('orders', 'POST', `/order/${'0'.repeat(24)}/cancel`, buyer.token)).status).toBe(404);
    const { body } = await call('orders', 'GET', '/metrics');
    expect(String(body)).toMatch(/http_server_request_duration_seconds_count\{method="POST",route="\/order\/:orderid\/cancel",status_code="404"\} [1-9]/);
    expect(String(body)).not.toContain('0'.repeat(24));
  });
});
