import { createServer, Server, Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import type { HttpApp } from '@app/common';
import { createAuthApp } from '@apps/auth/create-app';
import { createCatalogApp } from '@apps/catalog/create-app';
import { createOrdersApp } from '@apps/orders/create-app';
import { OrderStatusFeed } from '@apps/orders/live-status/order-status-feed';
import { idFromIdempotencyKey } from '@apps/orders/orders/order-identity';
import { freePort, TestGateway } from '@test/e2e/gateway';
import { eventually } from '@test/e2e/health-suite';
import { SseReader } from '@test/e2e/sse-reader';
import { TestEnv } from '@test/e2e/test-env';
import { newAdmin } from '@test/e2e/tokens';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeDocs } = require('../../infra/gateway/merge-openapi.js') as { writeDocs: (outDir: string, docs: { app: string; document: unknown }[], version: string) => void };

const portOf = (app: HttpApp) => (app.getHttpServer().address() as { port: number }).port;

/** An upstream that reads a request and hangs up without answering: what a crashing instance does. */
class HangUp {
  readonly seen: string[] = [];
  /** The head of each request (request line and headers) as it arrived. */
  readonly heads: string[] = [];
  private readonly server: Server = createServer((socket: Socket) => {
    socket.once('data', (chunk) => {
      this.seen.push(chunk.toString('latin1').split('\r\n')[0]);
      this.heads.push(chunk.toString('latin1').split('\r\n\r\n')[0]);
      socket.destroy();
    });
  });
  port = 0;
  async start(): Promise<void> {
    this.port = await freePort();
    await new Promise<void>((done) => this.server.listen(this.port, '127.0.0.1', done));
  }
  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}

/** The raw answer, as a client that asks for gzip sees it (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((done, fail) => {
    const request = httpRequest(url, { headers }, (answer) => {
      answer.resume();
      answer.on('end', () => done({ status: answer.statusCode ?? 0, headers: answer.headers }));
    });
    request.on('error', fail);
    request.end();
  });
}

/**
 * The nginx gateway in front of the real apps (in this process, on ports of their own): routes,
 * the request id, the gateway's own errors in the platform's shape, limits, headers, gzip,
 * one merged OpenAPI document, and retries of idempotent requests only (POST /order made one by its key).
 */
describe('gateway (nginx) in front of the apps (e2e)', () => {
  const env = new TestEnv();
  const admin = newAdmin();
  let auth: HttpApp;
  let orders: HttpApp;
  let catalog: HttpApp;
  let gateway: TestGateway;
  let broken: TestGateway;
  let hangUp: HangUp;
  const username = `gw${Date.now().toString(36)}`;
  const password = 'gateway test password';
  let token = '';
  let userId = '';
  let upstreams: Record<string, string> = {};

  beforeAll(async () => {
    env.set({ AUTH_TOKEN_RATE_LIMIT: '1000' });
    auth = await createAuthApp();
    orders = await createOrdersApp();
    catalog = await createCatalogApp();
    for (const app of [auth, orders, catalog]) await app.listen(0, '127.0.0.1');
    upstreams = { GATEWAY_AUTH_UPSTREAMS: `127.0.0.1:${portOf(auth)}`, GATEWAY_ORDERS_UPSTREAMS: `127.0.0.1:${portOf(orders)}`, GATEWAY_CATALOG_UPSTREAMS: `127.0.0.1:${portOf(catalog)}` };
    gateway = new TestGateway({ ...upstreams, GATEWAY_TOKEN_RATE_LIMIT: '60', GATEWAY_TOKEN_BURST: '5', GATEWAY_BODY_LIMIT: '16k' });
    await gateway.start();
    writeFileSync(join(gateway.webRoot, 'index.html'), '<!doctype html><title>shop</title><p>the web page</p>');
    const documents = await Promise.all(
      Object.entries({ auth, orders, catalog }).map(async ([app, instance]) => ({ app, document: await (await fetch(`http://127.0.0.1:${portOf(instance)}/docs-json`)).json() })),
    );
    writeDocs(gateway.docsDir, documents, '0.0.0-test');
    // A second gateway: auth's only instance is gone.
    hangUp = new HangUp();
    await hangUp.start();
    broken = new TestGateway({ ...upstreams, GATEWAY_AUTH_UPSTREAMS: `127.0.0.1:${await freePort()}` });
    await broken.start();
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), broken?.stop(), hangUp?.stop()]);
    await Promise.all([auth?.close(), orders?.close(), catalog?.close()]);
    env.restore();
  });

  const basic = () => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  it('routes users and tokens to auth, products to the catalog, orders to orders', async () => {
    const registered = await fetch(`${gateway.url}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(registered.status).toBe(201);
    const issued = await fetch(`${gateway.url}/api/token`, { headers: { authorization: basic() } });
    expect(issued.status).toBe(200);
    token = ((await issued.json()) as { access_token: string }).access_token;
    const me = await fetch(`${gateway.url}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
    const profile = (await me.json()) as { id: string; username: string };
    expect(profile).toMatchObject({ username });
    userId = profile.id;
    const created = await fetch(`${gateway.url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ name: `gateway kettle ${username}`, price: 12.5, stock: 3 }),
    });
    expect(created.status).toBe(201);
    const search = await fetch(`${gateway.url}/api/products?name=${encodeURIComponent(`gateway kettle ${username}`)}`);
    expect(((await search.json()) as { products: unknown[] }).products).toHaveLength(1);
    const placed = await fetch(`${gateway.url}/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ cost: 4.2, orderitems: [{ name: 'Tea', quantity: 1, price: 4.2 }] }),
    });
    expect(placed.status).toBe(201);
    const { orderid } = (await placed.json()) as { orderid: string };
    const details = await fetch(`${gateway.url}/orderdetails?orderid=${orderid}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await details.json()).toMatchObject({ orderid, status: expect.any(String) });
    const cancel = await fetch(`${gateway.url}/order/${orderid}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect([202, 409]).toContain(cancel.status);
  });

  it('gives every answer a request id, passes a sane one of the caller on as the correlation id, and replaces any other', async () => {
    const mine = await fetch(`${gateway.url}/orderdetails?orderid=6650a1c2e4b0f5a1b2c3d4e6`, { headers: { 'x-request-id': 'shop-frontend.42' } });
    expect(mine.headers.get('x-request-id')).toBe('shop-frontend.42');
    expect(await mine.json()).toMatchObject({ statusCode: 401, correlationId: 'shop-frontend.42' });
    const odd = await fetch(`${gateway.url}/orderdetails?orderid=6650a1c2e4b0f5a1b2c3d4e6`, { headers: { 'x-request-id': 'no spaces <allowed>' } });
    const id = odd.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(((await odd.json()) as { correlationId: string }).correlationId).toBe(id);
  });

  it('answers its own errors in the platform error shape: unknown API path 404, body too large 413', async () => {
    const unknown = await fetch(`${gateway.url}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await unknown.json()) as Record<string, unknown>;
    expect(body).toEqual({ statusCode: 404, code: 'GATEWAY.NOT_FOUND', message: 'No such route', correlationId: unknown.headers.get('x-request-id') });
    const large = await fetch(`${gateway.url}/order`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ pad: 'x'.repeat(20_000) }) });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ statusCode: 413, code: 'GATEWAY.BODY_TOO_LARGE' });
  });

  it('limits token requests per client far more strictly than the rest: 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${gateway.url}/api/token`, { headers: { authorization: basic() } })));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].headers.get('retry-after')).toBe('1');
    expect(await limited[0].json()).toMatchObject({ statusCode: 429, code: 'GATEWAY.RATE_LIMITED' });
    const products = await Promise.all(Array.from({ length: 12 }, () => fetch(`${gateway.url}/api/products?limit=1`)));
    expect(products.map((answer) => answer.status)).toEqual(Array(12).fill(200));
  });

  it('limits registrations as strictly as tokens (each is an argon2id hash), but not the rest of /api/users', async () => {
    // The token zone is the same: wait out what the test before used of it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        fetch(`${gateway.url}/api/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `gwflood${Date.now().toString(36)}${index}`, password: 'long enough password' }),
        }),
      ),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(await limited[0].json()).toMatchObject({ statusCode: 429, code: 'GATEWAY.RATE_LIMITED' });
    const me = await Promise.all(Array.from({ length: 12 }, () => fetch(`${gateway.url}/api/users/me`)));
    expect(me.map((answer) => answer.status)).toEqual(Array(12).fill(401));
  });

  it('sets each security header once, and compresses JSON for clients that ask', async () => {
    const answer = await fetch(`${gateway.url}/api/products?limit=1`);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    const docs = await rawGet(`${gateway.url}/docs-json`, { 'accept-encoding': 'gzip' });
    expect(docs.status).toBe(200);
    expect(docs.headers['content-encoding']).toBe('gzip');
  });

  it('serves one OpenAPI document with every routed path of the three apps and none of their health routes', async () => {
    const document = (await (await fetch(`${gateway.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/users', '/api/token', '/api/products', '/api/products/{id}', '/order', '/orderdetails', '/order/{orderid}/cancel']));
    expect(paths.filter((path) => path.startsWith('/health') || path.startsWith('/docs') || path === '/metrics')).toEqual([]);
    const page = await fetch(`${gateway.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/start.js');
  });

  it('does not pass /metrics or /health on to the apps: those stay on their own ports', async () => {
    for (const path of ['/metrics', '/health/ready']) {
      const answer = await fetch(`${gateway.url}${path}`);
      expect(await answer.text()).not.toMatch(/process_cpu|"status"/);
    }
  });

  it("serves the web page at / and for the page's own routes", async () => {
    for (const path of ['/', '/orders/mine']) {
      const answer = await fetch(`${gateway.url}${path}`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain('the web page');
    }
  });

  it('passes server-sent events on as they come, unbuffered', async () => {
    const reader = new SseReader(`${gateway.url}/api/orders/events`, token);
    await reader.open();
    try {
      expect(reader.status).toBe(200);
      expect(reader.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(reader.headers.get('content-encoding')).toBeNull();
      await eventually(() => Promise.resolve(reader.chunks.join('')), (text) => text.includes(': connected'), 2000);
      // One small frame must come through at once, not when a buffer fills or the stream ends.
      const sent = Date.now();
      orders.get(OrderStatusFeed).publish({ orderid: '6650a1c2e4b0f5a1b2c3d4e6', userid: userId, status: 'PROCESSED', at: new Date().toISOString() });
      await eventually(() => Promise.resolve(reader.events), (events) => events.length === 1, 2000);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(JSON.parse(reader.events[0].data)).toMatchObject({ orderid: '6650a1c2e4b0f5a1b2c3d4e6', status: 'PROCESSED' });
    } finally {
      await reader.close();
    }
  });

  it('answers 502 in the error shape when no instance of an app is reachable', async () => {
    const answer = await fetch(`${broken.url}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ statusCode: 502, code: 'GATEWAY.UPSTREAM_UNAVAILABLE', correlationId: answer.headers.get('x-request-id') });
    // No web page built there: the page's routes are the gateway's 404, not a redirect loop's 500.
    const page = await fetch(`${broken.url}/orders/mine`);
    expect(page.status).toBe(404);
    expect(await page.json()).toMatchObject({ code: 'GATEWAY.NOT_FOUND' });
  });

  it('retries a GET on the next instance when one hangs up, but never passes a POST on (no double writes)', async () => {
    // A fresh gateway whose catalog group lists the hanging instance first: nginx's round robin
    // sends its first request there.
    const hangsUpFirst = () => new TestGateway({ ...upstreams, GATEWAY_CATALOG_UPSTREAMS: `127.0.0.1:${hangUp.port},127.0.0.1:${portOf(catalog)}` });
    const name = `gateway retry ${username}`;
    const forPost = hangsUpFirst();
    await forPost.start();
    const posted = await fetch(`${forPost.url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ name, price: 1, stock: 1 }),
    }).finally(() => forPost.stop());
    expect(hangUp.seen.filter((line) => line.startsWith('POST'))).toHaveLength(1);
    expect(posted.status).toBe(502);
    expect(await posted.json()).toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE' });
    // Not passed on to the catalog behind it: no product of that name exists.
    const stored = (await (await fetch(`${gateway.url}/api/products?name=${encodeURIComponent(name)}`)).json()) as { products: unknown[] };
    expect(stored.products).toHaveLength(0);

    const forGet = hangsUpFirst();
    await forGet.start();
    const got = await fetch(`${forGet.url}/api/products?limit=1`).finally(() => forGet.stop());
    expect(hangUp.seen.filter((line) => line.startsWith('GET'))).toHaveLength(1);
    expect(got.status).toBe(200);
  });

  it('passes a POST /order on to the next instance under an Idempotency-Key, the caller’s or its own, so it is placed once', async () => {
    const place = async (headers: Record<string, string>) => {
      const ordersHangUpFirst = new TestGateway({ ...upstreams, GATEWAY_ORDERS_UPSTREAMS: `127.0.0.1:${hangUp.port},127.0.0.1:${portOf(orders)}` });
      await ordersHangUpFirst.start();
      const before = hangUp.heads.length;
      const answer = await fetch(`${ordersHangUpFirst.url}/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ cost: 2, orderitems: [{ name: 'gateway retry tea', quantity: 1, price: 2 }] }),
      }).finally(() => ordersHangUpFirst.stop());
      const head = hangUp.heads.slice(before).find((line) => line.startsWith('POST /order'));
      return { answer, body: (await answer.json()) as { orderid: string }, keySent: /^idempotency-key: *(\S+)$/im.exec(head ?? '')?.[1] };
    };
    // No key of the caller's: the gateway makes one; the instance behind used the same one.
    const own = await place({});
    expect(own.answer.status).toBe(201);
    expect(own.keySent).toMatch(/^[0-9a-f]{32}$/);
    expect(own.body.orderid).toBe(idFromIdempotencyKey(userId, own.keySent!));
    // The caller's key passes unchanged.
    const callers = await place({ 'idempotency-key': `caller-${username}` });
    expect(callers.answer.status).toBe(201);
    expect(callers.keySent).toBe(`caller-${username}`);
    expect(callers.body.orderid).toBe(idFromIdempotencyKey(userId, `caller-${username}`));
  });
});
