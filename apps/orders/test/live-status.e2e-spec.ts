import type { HttpApp } from '@app/common';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { sign } from 'jsonwebtoken';
import { TopicAdmin } from '@app/messaging';
import { liveStatusStreams } from '@app/observability';
import { OrderStatusFeed } from '@apps/orders/live-status/order-status-feed';
import { createOrdersApp } from '@apps/orders/create-app';
import { LiveStatusSubscriber } from '@apps/orders/live-status/live-status.subscriber';
import { eventually } from '@test/e2e/health-suite';
import { KafkaAdmin } from '@test/e2e/kafka-admin';
import { RawProducer } from '@test/e2e/raw-producer';
import { SseReader } from '@test/e2e/sse-reader';
import { TestEnv, topicOf } from '@test/e2e/test-env';
import { newUser } from '@test/e2e/tokens';

type StatusData = { orderid: string; status: string; reason?: string; at: string };

/**
 * GET /api/orders/events on two orders instances at once, fed by status events published to
 * Kafka as the processor publishes them: each buyer hears their own orders, on whichever instance.
 */
describe('live order statuses: GET /api/orders/events (e2e)', () => {
  const env = new TestEnv();
  const ada = newUser();
  const bob = newUser();
  const instances: HttpApp[] = [];
  const readers: SseReader[] = [];
  let producer: RawProducer;

  const urlOf = (app: HttpApp) => `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/orders/events`;
  const open = async (app: HttpApp, token: string) => {
    const reader = new SseReader(urlOf(app), token);
    readers.push(reader);
    await reader.open();
    return reader;
  };
  const at = () => new Date().toISOString();

  beforeAll(async () => {
    producer = new RawProducer();
    await producer.start();
    for (let index = 0; index < 2; index++) {
      const app = await createOrdersApp();
      // Only what this suite is about: the topics and the status broadcast (no catalog copy).
      await app.get(TopicAdmin).ensureTopics();
      await app.get(LiveStatusSubscriber).start();
      await app.listen(0, '127.0.0.1');
      instances.push(app);
    }
  });

  afterAll(async () => {
    // The instances end their streams as they shut down. (Readers aborted first would leave
    // undici's sockets open and each close() waiting for Fastify's 72 s keep-alive: see README.)
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(readers.map((reader) => reader.close()));
    await producer?.stop();
    env.restore();
  });

  it('refuses a stream without a token in the error shape', async () => {
    const answer = await fetch(urlOf(instances[0]));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ statusCode: 401, code: 'AUTH.MISSING_TOKEN' });
  });

  it("sends each buyer their own orders' changes, on every instance they are connected to", async () => {
    const [adaOnFirst, adaOnSecond, bobOnFirst] = [await open(instances[0], ada.token), await open(instances[1], ada.token), await open(instances[0], bob.token)];
    expect(adaOnFirst.status).toBe(200);
    expect(adaOnFirst.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(adaOnFirst.headers.get('cache-control')).toBe('no-cache, no-transform');
    // The broadcast groups join from the topics' end: an event published before they joined is not theirs.
    await eventually(() => Promise.resolve(adaOnFirst.chunks.join('')), (text) => text.includes(': connected'), 5000);
    const orderid = '6650a1c2e4b0f5a1b2c3d4e6';
    const deadline = Date.now() + 30_000;
    // Published again until heard: the instances' consumer groups may still be joining.
    while (adaOnFirst.data<StatusData>('order-status').length === 0 && Date.now() < deadline) {
      await producer.send(topicOf('orders.processed'), orderid, {
        schemaVersion: 1, type: 'OrderProcessed', eventId: `${orderid}:processed`, occurredAt: at(),
        order: { orderid, userid: ada.id, status: 'PROCESSED', processedAt: at() },
      });
      await new Promise((done) => setTimeout(done, 500));
    }
    expect(adaOnFirst.data<StatusData>('order-status')[0]).toMatchObject({ orderid, status: 'PROCESSED' });
    await eventually(() => Promise.resolve(adaOnSecond.data<StatusData>('order-status')), (events) => events.length > 0, 30_000);
    expect(adaOnFirst.events[0].id).toBe(`${orderid}:PROCESSED`);

    const rejected = '6650a1c2e4b0f5a1b2c3d4e7';
    await producer.send(topicOf('orders.rejected'), rejected, {
      schemaVersion: 1, type: 'OrderRejected', eventId: `${rejected}:rejected`, occurredAt: at(),
      order: { orderid: rejected, userid: ada.id, status: 'REJECTED', reason: 'OUT_OF_STOCK: p (2 wanted, 1 available)', rejected: [] },
    });
    const cancelled = '6650a1c2e4b0f5a1b2c3d4e8';
    await producer.send(topicOf('orders.cancelled'), cancelled, {
      schemaVersion: 1, type: 'OrderCancelled', eventId: `${cancelled}:cancelled`, occurredAt: at(),
      order: { orderid: cancelled, userid: ada.id, status: 'CANCELLED' },
    });
    const heard = await eventually(() => Promise.resolve(adaOnSecond.data<StatusData>('order-status')), (events) => events.length >= 3, 20_000);
    expect(heard.slice(-2)).toEqual([
      { orderid: rejected, status: 'REJECTED', reason: 'OUT_OF_STOCK: p (2 wanted, 1 available)', at: expect.any(String) },
      { orderid: cancelled, status: 'CANCELLED', at: expect.any(String) },
    ]);
    expect(bobOnFirst.data('order-status')).toEqual([]);
  });

  it('gives every slot back, whatever ends a stream: after 50 aborted and odd ones a fresh stream is 200 and none is counted open', async () => {
    const app = instances[0];
    const openBefore = app.get(OrderStatusFeed).streams;
    const port = (app.getHttpServer().address() as { port: number }).port;
    const carol = newUser();
    const head = (extra: string) => `GET /api/orders/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${carol.token}\r\n${extra}\r\n`;
    const odd = [
      // A JSON content type and an empty body: the request's close fired before the handler listened (the leak).
      head('Content-Type: application/json\r\nContent-Length: 0\r\n'),
      // A body on a GET: refused.
      `${head('Content-Type: application/json\r\nContent-Length: 2\r\n')}{}`,
      // A plain stream, the client gone after the first bytes.
      head('Accept: text/event-stream\r\n'),
      // Hung up before the answer: the socket is gone while the token is checked.
      head(''),
    ];
    const answers: string[] = [];
    for (let index = 0; index < 50; index++) {
      const request = odd[index % odd.length];
      answers.push(
        await new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => socket.write(request));
          let text = '';
          const end = () => {
            socket.destroy();
            resolve(text.split('\r\n')[0]);
          };
          if (index % odd.length === 3) socket.once('connect', () => setImmediate(end));
          socket.on('data', (chunk) => {
            text += chunk.toString();
            if (text.includes(': connected') || text.includes('\r\n\r\n{')) end();
          });
          socket.on('error', end);
          setTimeout(end, 2000);
        }),
      );
    }
    expect(answers.filter((line) => line.includes(' 200 ')).length).toBeGreaterThanOrEqual(25);
    expect(answers.filter((line) => line.includes(' 400 '))).toHaveLength(13);
    expect(answers.filter((line) => / 429 | 503 /.test(line))).toEqual([]);
    // The streams of the tests before are still open: none of these 50 is.
    await eventually(async () => app.get(OrderStatusFeed).streams, (open) => open === openBefore, 5000);
    const openInProcess = instances.reduce((sum, instance) => sum + instance.get(OrderStatusFeed).streams, 0);
    expect((await liveStatusStreams.get()).values[0]?.value).toBe(openInProcess);
    const fresh = await open(app, carol.token);
    expect(fresh.status).toBe(200);
    await fresh.close();
  });

  it('ends a stream when its token expires', async () => {
    const id = newUser().id;
    const shortLived = sign({ sub: id, username: 'short-lived', roles: [] }, readFileSync('certs/jwt-private.pem', 'utf8'), {
      algorithm: 'RS256',
      issuer: process.env.JWT_ISSUER ?? 'retail-order-platform/auth',
      audience: process.env.JWT_AUDIENCE ?? 'retail-order-platform',
      expiresIn: 2,
    });
    const reader = await open(instances[1], shortLived);
    expect(reader.status).toBe(200);
    await reader.ended();
    // Ended by the server at the token's expiry, not by the suite (which would be much later).
    expect(Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString()).exp);
  });

  it('leaves no consumer group behind when an instance stops (one is made at each start)', async () => {
    const admin = await KafkaAdmin.connect();
    try {
      const prefix = topicOf('orders-live-status-');
      const before = await admin.groupsStartingWith(prefix);
      expect(before).toHaveLength(instances.length);
      const spare = await createOrdersApp();
      await spare.get(LiveStatusSubscriber).start();
      expect(await admin.groupsStartingWith(prefix)).toHaveLength(instances.length + 1);
      await spare.close();
      expect((await admin.groupsStartingWith(prefix)).sort()).toEqual(before.sort());
    } finally {
      await admin.disconnect();
    }
  });

  it('ends its streams when the instance shuts down, so clients reconnect elsewhere', async () => {
    const spare = await createOrdersApp();
    await spare.listen(0, '127.0.0.1');
    const reader = await open(spare, ada.token);
    expect(reader.status).toBe(200);
    await eventually(() => Promise.resolve(reader.chunks.join('')), (text) => text.includes(': connected'), 5000);
    const started = Date.now();
    await spare.close();
    await reader.ended();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
