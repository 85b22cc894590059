import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection, Types } from 'mongoose';
import request from 'supertest';
import { DeadLetterRedriver, TopicAdmin } from '@app/messaging';
import { createOrderProcessorApp } from '@apps/order-processor/create-app';
import { createOrdersApp } from '@apps/orders/create-app';
import { eventually } from '@test/e2e/health-suite';
import { KafkaAdmin } from '@test/e2e/kafka-admin';
import { RawProducer } from '@test/e2e/raw-producer';
import { readyApp } from '@test/e2e/ready-app';
import { startServer, stopServer } from '@test/e2e/servers';
import { processorGroup, TestEnv, topicOf as topic } from '@test/e2e/test-env';
import { newUser } from '@test/e2e/tokens';
import { TopicRecorder } from '@test/e2e/topic-recorder';

async function startProcessor(): Promise<INestApplication> {
  const app = await createOrderProcessorApp();
  await app.startAllMicroservices();
  await readyApp(app);
  await eventually(
    () => request(app.getHttpServer()).get('/health/ready'),
    (response) => response.body?.details?.consumer?.state === 'connected',
    60_000,
  );
  return app;
}

describe('order-processor (e2e)', () => {
  const env = new TestEnv();
  const alice = newUser();
  let orders: INestApplication;
  let processor: INestApplication | undefined;
  let db: Connection;
  let processedTopic: TopicRecorder;
  let deadLetters: TopicRecorder;
  let raw: RawProducer;

  beforeAll(async () => {
    env.set({
      PROCESSOR_RETRY_INITIAL_MS: '100',
      PROCESSOR_RETRY_MAX_MS: '1000',
      PROCESSOR_NOT_FOUND_RETRIES: '2',
      BREAKER_MONGO_RESET_MS: '1000',
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '1000',
      RELAY_INTERVAL_MS: '200',
      RELAY_GRACE_MS: '500',
    });
    processedTopic = new TopicRecorder(topic('orders.processed'));
    deadLetters = new TopicRecorder(topic('orders.placed.dlq'));
    raw = new RawProducer();
    await Promise.all([processedTopic.start(), deadLetters.start(), raw.start()]);
    orders = await createOrdersApp();
    await readyApp(orders);
    db = orders.get<Connection>(getConnectionToken());
    processor = await startProcessor();
  });

  afterAll(async () => {
    await processor?.close();
    await orders?.close();
    await Promise.all([processedTopic?.stop(), deadLetters?.stop(), raw?.stop()]);
    env.restore();
  });

  const place = async (cost = 12.5): Promise<string> => {
    const response = await request(orders.getHttpServer())
      .post('/order')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ cost, orderitems: [{ name: 'tea', quantity: 1 }] })
      .expect(201);
    return response.body.orderid as string;
  };
  const findOrder = (orderid: string) => db.collection('orders').findOne({ _id: new Types.ObjectId(orderid) });
  const processedEntries = async (orderid: string) =>
    ((await findOrder(orderid))?.statusHistory ?? []).filter((change: { status: string }) => change.status === 'PROCESSED').length;
  const allProcessed = (orderids: string[]) =>
    eventually(
      async () => Promise.all(orderids.map(async (orderid) => (await findOrder(orderid))?.status)),
      (statuses) => statuses.every((status) => status === 'PROCESSED'),
      90_000,
    );

  it('moves a placed order to PROCESSED once and emits OrderProcessed', async () => {
    const orderid = await place();
    await allProcessed([orderid]);
    const order = await findOrder(orderid);
    expect(order?.statusHistory.map((change: { status: string }) => change.status)).toEqual(['PLACED', 'PROCESSED']);
    expect(order?.processedAt).toBeInstanceOf(Date);
    const [event] = await eventually(async () => processedTopic.withKey(orderid), (found) => found.length > 0, 30_000);
    expect(event.value).toMatchObject({ type: 'OrderProcessed', schemaVersion: 1, order: { orderid, userid: alice.id, status: 'PROCESSED' } });
  });

  it('commits past what it processed: the group reaches the end of the topic', async () => {
    await allProcessed([await place(), await place()]);
    const admin = await KafkaAdmin.connect();
    try {
      const ends = await admin.topicEnds(topic('orders.placed'));
      const committed = await eventually(
        () => admin.committed(processorGroup(), topic('orders.placed')),
        (partitions) => ends.every((end) => end.offset === '0' || partitions.find((partition) => partition.partition === end.partition)?.offset === end.offset),
        10_000,
      );
      // A partition nothing was written to has nothing to commit (-1).
      const expected = ends.map((end) => ({ partition: end.partition, offset: end.offset === '0' ? '-1' : end.offset }));
      expect(committed.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition)).toEqual(
        expected.sort((a, b) => a.partition - b.partition),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('changes nothing when the same event arrives twice', async () => {
    const orderid = await place();
    await allProcessed([orderid]);
    const original = (await findOrder(orderid)) as Record<string, unknown>;
    const event = {
      schemaVersion: 1,
      type: 'OrderPlaced',
      eventId: `${orderid}:placed`,
      occurredAt: new Date().toISOString(),
      order: { orderid, userid: alice.id, cost: 12.5, costMinor: 1250, orderitems: [{ name: 'tea', quantity: 1 }], status: 'PLACED', createdAt: new Date().toISOString() },
    };
    await raw.send(topic('orders.placed'), orderid, event);
    // The duplicate is acknowledged with a second OrderProcessed; the order itself stays as it was.
    await eventually(async () => processedTopic.withKey(orderid).length, (count) => count >= 2, 30_000);
    expect(await processedEntries(orderid)).toBe(1);
    expect((await findOrder(orderid))?.processedAt).toEqual(original.processedAt);
  });

  it('announces no OrderProcessed for a cancelled order: not for a redelivered OrderPlaced, not for a late StockReserved', async () => {
    const cancelled = await place();
    const sentinel = await place();
    await allProcessed([cancelled, sentinel]);
    await request(orders.getHttpServer()).post(`/order/${cancelled}/cancel`).set('Authorization', `Bearer ${alice.token}`).expect(202);
    await eventually(async () => (await findOrder(cancelled))?.status, (status) => status === 'CANCELLED', 30_000);
    await eventually(async () => [processedTopic.withKey(cancelled).length, processedTopic.withKey(sentinel).length], (counts) => counts.every((count) => count === 1), 30_000);
    const placedEvent = (orderid: string) => ({
      schemaVersion: 1,
      type: 'OrderPlaced',
      eventId: `${orderid}:placed`,
      occurredAt: new Date().toISOString(),
      order: { orderid, userid: alice.id, cost: 12.5, costMinor: 1250, orderitems: [{ name: 'tea', quantity: 1 }], status: 'PLACED', createdAt: new Date().toISOString() },
    });
    const reservedEvent = (orderid: string) => ({ schemaVersion: 1, type: 'StockReserved', order: { orderid, userid: alice.id, lines: [] } });
    // Each hostile message is followed, under the same key (so in the same partition, handled
    // after it), by one for the PROCESSED sentinel, which is announced again: once the sentinel's
    // announcements are all read, whatever the cancelled order's messages produced is too.
    await raw.send(topic('orders.placed'), cancelled, placedEvent(cancelled));
    await raw.send(topic('orders.placed'), cancelled, placedEvent(sentinel));
    await raw.send(topic('catalog.stock'), cancelled, reservedEvent(cancelled));
    await raw.send(topic('catalog.stock'), cancelled, reservedEvent(sentinel));
    await eventually(async () => processedTopic.withKey(sentinel).length, (count) => count >= 3, 30_000);
    const admin = await KafkaAdmin.connect();
    try {
      const ends = await admin.topicEnds(topic('orders.processed'));
      await eventually(async () => processedTopic.hasRead(ends), Boolean, 30_000);
    } finally {
      await admin.disconnect();
    }
    expect(processedTopic.withKey(cancelled)).toHaveLength(1);
    expect((await findOrder(cancelled))?.status).toBe('CANCELLED');
  });

  it('keeps dead letters for KAFKA_DLQ_RETENTION_MS (not the broker’s week), also on a topic made before, leaving its other settings', async () => {
    const admin = await KafkaAdmin.connect();
    try {
      const dlq = topic('orders.placed.dlq');
      expect(await admin.topicSetting(dlq, 'retention.ms')).toBe('2592000000');
      await admin.setTopicConfig(dlq, { 'retention.ms': '604800000', 'max.message.bytes': '2000000' });
      await orders.get(TopicAdmin).ensureTopics();
      expect(await admin.topicSetting(dlq, 'retention.ms')).toBe('2592000000');
      expect(await admin.topicSetting(dlq, 'max.message.bytes')).toBe('2000000');
      // The other topics keep the broker's retention.
      expect(await admin.topicSetting(topic('orders.placed'), 'retention.ms')).toBe('604800000');
    } finally {
      await admin.disconnect();
    }
  });

  it('dead-letters poison with its reason and keeps processing good orders; redrive sends them back', async () => {
    const unknownOrder = new Types.ObjectId().toHexString();
    const poison: [string, string | object, string][] = [
      ['poison-text', 'this is not json', 'NOT_JSON'],
      ['poison-version', { schemaVersion: 99, type: 'OrderPlaced', order: { orderid: unknownOrder, userid: 'x' } }, 'UNKNOWN_SCHEMA_VERSION'],
      ['poison-fields', { schemaVersion: 1, type: 'OrderPlaced', order: { userid: 'x' } }, 'INVALID_EVENT'],
      [
        unknownOrder,
        { schemaVersion: 1, type: 'OrderPlaced', order: { orderid: unknownOrder, userid: alice.id, costMinor: 100, orderitems: [{ name: 'ghost', quantity: 1 }] } },
        'ORDER_NOT_FOUND',
      ],
    ];
    for (const [key, value] of poison) await raw.send(topic('orders.placed'), key, value);
    const good = await place();
    await allProcessed([good]);

    const letters = await eventually(
      async () => poison.map(([key]) => deadLetters.withKey(key)),
      (found) => found.every((messages) => messages.length >= 1),
      60_000,
    );
    poison.forEach(([, , reason], index) => {
      const [letter] = letters[index];
      expect(letter.headers['dlq-reason']).toBe(reason);
      expect(letter.headers['dlq-source-topic']).toBe(topic('orders.placed'));
      expect(Number(letter.headers['dlq-source-partition'])).toBeGreaterThanOrEqual(0);
      expect(letter.headers['dlq-source-offset']).toMatch(/^\d+$/);
    });
    expect(letters[0][0].value).toBe('this is not json');

    const moved = await processor!.get(DeadLetterRedriver).redrive();
    expect(moved).toBeGreaterThanOrEqual(poison.length);
    // Still poison, so each comes back to the DLQ, now marked as redriven once.
    await eventually(
      async () => poison.map(([key]) => deadLetters.withKey(key).filter((letter) => letter.headers['dlq-redrive-count'] === '1').length),
      (counts) => counts.every((count) => count >= 1),
      60_000,
    );
    expect(await processor!.get(DeadLetterRedriver).redrive()).toBe(poison.length);
  });

  it('processes the backlog that built up while the worker was down', async () => {
    await processor?.close();
    processor = undefined;
    const backlog: string[] = [];
    for (let index = 0; index < 8; index++) backlog.push(await place(index + 1));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const orderid of backlog) expect((await findOrder(orderid))?.status).toBe('PLACED');
    processor = await startProcessor();
    await allProcessed(backlog);
    for (const orderid of backlog) expect(await processedEntries(orderid)).toBe(1);
  });

  it('loses and commits nothing while MongoDB is down, and catches up when it returns', async () => {
    const now = new Date();
    const waiting = Array.from({ length: 4 }, () => new Types.ObjectId());
    await db.collection('orders').insertMany(
      waiting.map((_id) => ({
        _id,
        userid: alice.id,
        costMinor: 100,
        orderitems: [{ name: 'tea', quantity: 1 }],
        status: 'PLACED',
        statusHistory: [{ status: 'PLACED', at: now }],
        outbox: { published: true, leaseUntil: new Date(0), attempts: 1 },
        outboxPending: false,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await stopServer('mongo');
    try {
      for (const _id of waiting) {
        await raw.send(topic('orders.placed'), _id.toHexString(), {
          schemaVersion: 1,
          type: 'OrderPlaced',
          order: { orderid: _id.toHexString(), userid: alice.id, cost: 1, costMinor: 100, orderitems: [{ name: 'tea', quantity: 1 }], status: 'PLACED', createdAt: now.toISOString() },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const ready = await request(processor!.getHttpServer()).get('/health/ready');
      expect(ready.body.details.mongo.status).toBe('down');
    } finally {
      await startServer('mongo');
    }
    await allProcessed(waiting.map((id) => id.toHexString()));
    for (const id of waiting) expect(await processedEntries(id.toHexString())).toBe(1);
    // The orders app recovers by itself too (its breaker closes again) before the next test.
    await eventually(
      () => request(orders.getHttpServer()).post('/order').set('Authorization', `Bearer ${alice.token}`).send({ cost: 1, orderitems: [{ name: 'tea', quantity: 1 }] }),
      (response) => response.status === 201,
      60_000,
    );
  });

  it('shares the partitions between two instances and processes every order once', async () => {
    const second = await startProcessor();
    try {
      const admin = await KafkaAdmin.connect();
      const described = await eventually(
        () => admin.group(processorGroup()),
        (found) => found.state === 'Stable' && found.members === 2,
        60_000,
      );
      await admin.disconnect();
      expect(described.members).toBe(2);

      const placed: string[] = [];
      for (let index = 0; index < 20; index++) placed.push(await place(100 + index));
      await allProcessed(placed);
      for (const orderid of placed) expect(await processedEntries(orderid)).toBe(1);
    } finally {
      await second.close();
    }
  });
});
