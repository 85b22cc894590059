import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection, Types } from 'mongoose';
import request from 'supertest';
import { newUser } from '@test/e2e/tokens';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv } from '@test/e2e/test-env';
import { createOrdersApp } from '@apps/orders/create-app';
import { OrderOutbox } from '@apps/orders/outbox/order-outbox';
import { OutboxRepository } from '@apps/orders/outbox/outbox.repository';
import { OutboxRelay } from '@apps/orders/outbox/outbox-relay.service';
import { PublicationRecorder } from '@apps/orders/outbox/publication-recorder';
import { eventually } from '@test/e2e/health-suite';
import { topicOf } from '@test/e2e/test-env';
import { TopicRecorder } from '@test/e2e/topic-recorder';

/**
 * The relays' leases on the real store. What matters most: taking and giving back a lease
 * never writes the order, since on FerretDB any update of the order document is a
 * read-modify-write that can undo the processor's write made meanwhile.
 */
describe('outbox claims (e2e)', () => {
  const env = new TestEnv();
  let app: INestApplication;
  let db: Connection;
  let repository: OutboxRepository;
  const alice = newUser();

  beforeAll(async () => {
    // The relay's own passes stay out of the way: one at boot, then none for an hour.
    env.set({ RELAY_SWEEP_INTERVAL_MS: '3600000', RELAY_LEASE_MS: '60000', RELAY_GRACE_MS: '0', RELAY_REANNOUNCE_AFTER_MS: '2000' });
    app = await createOrdersApp();
    await readyApp(app);
    db = app.get<Connection>(getConnectionToken());
    repository = app.get(OutboxRepository);
  });

  afterAll(async () => {
    await app?.close();
    env.restore();
  });

  const placeOrder = async (): Promise<string> => {
    const response = await request(app.getHttpServer())
      .post('/order')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ cost: 4, orderitems: [{ name: 'Tea', quantity: 2, price: 2 }] })
      .expect(201);
    return response.body.orderid as string;
  };
  const orders = () => db.collection('orders');
  const storedOrder = (orderid: string) => orders().findOne({ _id: new Types.ObjectId(orderid) });
  const lapseInsertLease = (orderid: string) =>
    orders().updateOne({ _id: new Types.ObjectId(orderid) }, { $set: { 'outbox.leaseUntil': new Date(Date.now() - 1000) } });

  it('keeps off an order within the lease it was stored with, then lets one relay at a time hold it', async () => {
    const orderid = await placeOrder();
    await expect(repository.claim(orderid, 'relay-a', 5000)).resolves.toBeNull();

    await lapseInsertLease(orderid);
    const entry = await repository.claim(orderid, 'relay-a', 5000);
    expect(entry?.order).toMatchObject({ id: orderid, userId: alice.id, status: 'PLACED' });
    await expect(repository.claim(orderid, 'relay-b', 5000)).resolves.toBeNull();

    // Only the holder gives a lease back.
    await repository.releaseClaims([orderid], 'relay-b');
    await expect(repository.claim(orderid, 'relay-b', 5000)).resolves.toBeNull();
    await repository.releaseClaims([orderid], 'relay-a');
    await expect(repository.claim(orderid, 'relay-b', 5000)).resolves.not.toBeNull();

    const lease = await db.collection('order_outbox_claims').findOne({ _id: new Types.ObjectId(orderid) });
    expect(lease).toMatchObject({ leaseOwner: 'relay-b', attempts: 2 });
    expect((lease?.leaseUntil as Date).getTime()).toBeGreaterThan(Date.now());
  });

  it('never writes the order: it reads the same after claims and releases', async () => {
    const orderid = await placeOrder();
    await lapseInsertLease(orderid);
    const before = await storedOrder(orderid);

    await repository.claim(orderid, 'relay-a', 5000);
    await repository.claim(orderid, 'relay-b', 5000);
    await repository.releaseClaims([orderid], 'relay-a');
    await repository.claim(orderid, 'relay-b', 5000);

    expect(await storedOrder(orderid)).toEqual(before);
  });

  it('gives an order back at once when its first publish failed, before its stored lease lapses', async () => {
    const [first, second] = [await placeOrder(), await placeOrder()];
    const requestPath = app.get(OrderOutbox).owner;
    await repository.releaseClaims([first], requestPath);

    await expect(repository.claim(first, 'relay-a', 5000)).resolves.toMatchObject({ order: { id: first } });
    // The other order's stored lease still holds.
    await expect(repository.claim(second, 'relay-a', 5000)).resolves.toBeNull();
  });

  it('retakes without a lookup only a claim given back after a failed publish and not taken since', async () => {
    const [givenBack, takenSince, neverGivenBack] = [await placeOrder(), await placeOrder(), await placeOrder()];
    const requestPath = app.get(OrderOutbox).owner;
    await repository.releaseClaims([givenBack, takenSince], requestPath);
    await expect(repository.claim(takenSince, 'relay-b', 5000)).resolves.not.toBeNull();
    const candidate = (orderid: string) => ({ order: { id: orderid } as never, insertLeaseUntil: new Date(Date.now() + 60_000) });

    await expect(repository.claimReleased(candidate(givenBack), 'relay-a', 5000)).resolves.toMatchObject({ order: { id: givenBack } });
    // Now held by relay-a: neither it nor anyone else retakes it as given back.
    await expect(repository.claimReleased(candidate(givenBack), 'relay-b', 5000)).resolves.toBeNull();
    await expect(repository.claimReleased(candidate(takenSince), 'relay-a', 5000)).resolves.toBeNull();
    await expect(repository.claimReleased(candidate(neverGivenBack), 'relay-a', 5000)).resolves.toBeNull();
    expect(await db.collection('order_outbox_claims').findOne({ _id: new Types.ObjectId(neverGivenBack) })).toBeNull();
    const lease = await db.collection('order_outbox_claims').findOne({ _id: new Types.ObjectId(givenBack) });
    expect(lease).toMatchObject({ leaseOwner: 'relay-a', attempts: 2 });
  });

  it('leaves an order settled by the processor alone', async () => {
    const orderid = await placeOrder();
    await lapseInsertLease(orderid);
    await orders().updateOne({ _id: new Types.ObjectId(orderid) }, { $set: { outboxPending: false, 'outbox.published': true } });

    await expect(repository.claim(orderid, 'relay-a', 5000)).resolves.toBeNull();
    expect(await db.collection('order_outbox_claims').findOne({ _id: new Types.ObjectId(orderid) })).toBeNull();
  });

  it('prunes publication records and claims older than the retention, and nothing newer', async () => {
    const [old, recent] = [new Types.ObjectId(), new Types.ObjectId()];
    const longAgo = new Date(Date.now() - 10 * 86_400_000);
    await db.collection('order_publications').insertMany([{ _id: old, publishedAt: longAgo }, { _id: recent, publishedAt: new Date() }] as never[]);
    await db.collection('order_outbox_claims').insertMany([{ _id: old, leaseUntil: longAgo, leaseOwner: 'gone', attempts: 1 }, { _id: recent, leaseUntil: new Date(), leaseOwner: 'here', attempts: 1 }] as never[]);
    const pruned = await repository.prune(new Date(Date.now() - 7 * 86_400_000));
    expect(pruned).toBeGreaterThanOrEqual(2);
    for (const collection of ['order_publications', 'order_outbox_claims']) {
      expect(await db.collection(collection).findOne({ _id: old })).toBeNull();
      expect(await db.collection(collection).findOne({ _id: recent })).not.toBeNull();
    }
  });

  it('announces again an order published long ago that is still PLACED (its OrderPlaced lost), and not again right after', async () => {
    const placedTopic = new TopicRecorder(topicOf('orders.placed'));
    await placedTopic.start();
    try {
      const orderid = await placeOrder();
      await app.get(PublicationRecorder).flush();
      await eventually(async () => placedTopic.withKey(orderid).length, (count) => count === 1, 30_000);
      // As if that OrderPlaced expired unread: published a while ago, and nothing moved the order.
      const _id = new Types.ObjectId(orderid);
      await db.collection('order_publications').updateOne({ _id }, { $set: { publishedAt: new Date(Date.now() - 60_000) } });
      await lapseInsertLease(orderid);
      expect(await repository.countOverdue(new Date())).toBeGreaterThanOrEqual(1);
      // This instance remembers its own publications for at most RELAY_REANNOUNCE_AFTER_MS (two
      // windows of half of it) and skips them without asking the store: past that, only the
      // store's record counts, here the one moved back.
      await new Promise((resolve) => setTimeout(resolve, 2500));

      const relay = app.get(OutboxRelay);
      await relay.runOnce();
      await eventually(async () => placedTopic.withKey(orderid).length, (count) => count === 2, 30_000);
      const announced = (await db.collection('order_publications').findOne({ _id }))?.publishedAt as Date;
      expect(Date.now() - announced.getTime()).toBeLessThan(10_000);

      await relay.runOnce();
      expect((await db.collection('order_publications').findOne({ _id }))?.publishedAt).toEqual(announced);
      expect((await storedOrder(orderid))?.status).toBe('PLACED');
    } finally {
      await placedTopic.stop();
    }
  });
});
