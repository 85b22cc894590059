import request from 'supertest';
import { Types } from 'mongoose';
import { Client } from 'pg';
import type { HttpApp } from '@app/common';
import { createCatalogApp, startCatalogConsumers } from '@apps/catalog/create-app';
import { createOrderProcessorApp } from '@apps/order-processor/create-app';
import { createOrdersApp, startOrdersConsumers } from '@apps/orders/create-app';
import { eventually } from '@test/e2e/health-suite';
import { RawProducer } from '@test/e2e/raw-producer';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv, topicOf } from '@test/e2e/test-env';
import { newAdmin, newUser } from '@test/e2e/tokens';
import { TopicRecorder } from '@test/e2e/topic-recorder';

/**
 * The order saga across the three apps in this process, on the real servers: orders prices from
 * its copy of the catalog, the catalog reserves stock on OrderPlaced and answers on
 * catalog.stock, the processor settles the order (PROCESSED or REJECTED).
 */
describe('orders of catalog products: reservation and its outcome (e2e)', () => {
  const env = new TestEnv();
  const admin = newAdmin();
  const buyer = newUser();
  let catalog: HttpApp;
  let orders: HttpApp;
  let processor: HttpApp;
  let rejectedTopic: TopicRecorder;
  let placedTopic: TopicRecorder;
  let raw: RawProducer;
  let sql: Client;

  beforeAll(async () => {
    // Topics and consumer groups of its own: the other suites' orders are not this one's business.
    env.set({
      KAFKA_TOPIC_PREFIX: `${process.env.KAFKA_TOPIC_PREFIX ?? ''}saga-`,
      CATALOG_RELAY_INTERVAL_MS: '100',
      RELAY_INTERVAL_MS: '200',
      PROCESSOR_RETRY_INITIAL_MS: '100',
      PROCESSOR_RETRY_MAX_MS: '1000',
    });
    catalog = await readyApp(await createCatalogApp());
    orders = await createOrdersApp();
    await startOrdersConsumers(orders);
    await readyApp(orders);
    processor = await createOrderProcessorApp();
    await processor.startAllMicroservices();
    await readyApp(processor);
    rejectedTopic = new TopicRecorder(topicOf('orders.rejected'));
    placedTopic = new TopicRecorder(topicOf('orders.placed'));
    raw = new RawProducer();
    await Promise.all([rejectedTopic.start(), placedTopic.start(), raw.start()]);
    sql = new Client({ connectionString: process.env.CATALOG_DATABASE_URL });
    await sql.connect();
  });

  afterAll(async () => {
    await Promise.all([processor?.close(), orders?.close()]);
    await catalog?.close();
    await Promise.all([rejectedTopic?.stop(), placedTopic?.stop(), raw?.stop()]);
    await sql?.end();
    env.restore();
  });

  const product = async (name: string, stock: number, price = 10) => {
    const { body } = await request(catalog.getHttpServer()).post('/api/products').set('Authorization', `Bearer ${admin.token}`).send({ name, price, stock }).expect(201);
    // Orderable once the orders side's copy has it.
    await eventually(
      () => request(orders.getHttpServer()).post('/order').set('Authorization', `Bearer ${buyer.token}`).send({ cost: 0.01, orderitems: [{ productId: body.id, quantity: 1 }] }),
      (response) => response.status === 409,
      20_000,
    );
    return body.id as string;
  };
  const available = async (id: string) => (await request(catalog.getHttpServer()).get(`/api/products/${id}`).expect(200)).body.available as number;
  const place = async (productId: string, quantity: number) =>
    (await request(orders.getHttpServer()).post('/order').set('Authorization', `Bearer ${buyer.token}`).send({ orderitems: [{ productId, quantity }] }).expect(201)).body as {
      orderid: string;
    };
  const settled = (orderid: string) =>
    eventually(
      async () => (await request(orders.getHttpServer()).get('/orderdetails').query({ orderid }).set('Authorization', `Bearer ${buyer.token}`)).body,
      (order) => order?.status !== 'PLACED',
      30_000,
    );

  it('rejects PRODUCT_GONE an order whose product was deleted after it was placed, before the reservation', async () => {
    // The catalog is not consuming yet: the order waits on orders.placed while the product goes.
    const id = await product('Limited edition kettle', 5);
    const { orderid } = await place(id, 1);
    await request(catalog.getHttpServer()).delete(`/api/products/${id}`).set('Authorization', `Bearer ${admin.token}`).expect(204);
    await startCatalogConsumers(catalog);
    const order = await settled(orderid);
    expect(order).toMatchObject({ status: 'REJECTED' });
    expect(order.statusHistory.at(-1)).toMatchObject({ status: 'REJECTED', reason: `PRODUCT_GONE: ${id}` });
    const { rows } = await sql.query('SELECT stock, reserved FROM products WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ stock: 5, reserved: 0 });
  });

  it('reserves the stock and processes the order; available drops by the quantity', async () => {
    const id = await product('Grinder', 10);
    const { orderid } = await place(id, 3);
    expect(await settled(orderid)).toMatchObject({ status: 'PROCESSED' });
    await eventually(() => available(id), (left) => left === 7, 10_000);
    const { rows } = await sql.query('SELECT status, lines FROM stock_reservations WHERE order_id = $1', [orderid]);
    expect(rows).toEqual([{ status: 'RESERVED', lines: [{ productId: id, quantity: 3 }] }]);
  });

  it('rejects OUT_OF_STOCK with what is available, leaves the stock as it was, and announces OrderRejected', async () => {
    const id = await product('Siphon', 2);
    const { orderid } = await place(id, 3);
    const order = await settled(orderid);
    expect(order).toMatchObject({ status: 'REJECTED' });
    expect(order.statusHistory.at(-1).reason).toBe(`OUT_OF_STOCK: ${id} (3 wanted, 2 available)`);
    expect(await available(id)).toBe(2);
    const event = await eventually(async () => rejectedTopic.messages.find((message) => message.key === orderid), (message) => message !== undefined, 20_000);
    expect(event?.value).toMatchObject({ type: 'OrderRejected', order: { orderid, status: 'REJECTED', rejected: [{ productId: id, quantity: 3, reason: 'OUT_OF_STOCK', available: 2 }] } });
  });

  it('rejects a two-line order whose later line is short, and gives back the line reserved before it', async () => {
    // Lines are reserved in product-id order: the short product is the later one, so the first
    // line's update has happened when the second is refused, and only the rollback undoes it.
    const [first, later] = [await product('Tamper', 5), await product('Scale', 5)].sort();
    await sql.query('UPDATE products SET stock = 1 WHERE id = $1', [later]);
    const orderid = (
      await request(orders.getHttpServer())
        .post('/order')
        .set('Authorization', `Bearer ${buyer.token}`)
        .send({ orderitems: [{ productId: later, quantity: 2 }, { productId: first, quantity: 1 }] })
        .expect(201)
    ).body.orderid as string;
    const order = await settled(orderid);
    expect(order).toMatchObject({ status: 'REJECTED' });
    expect(order.statusHistory.at(-1).reason).toBe(`OUT_OF_STOCK: ${later} (2 wanted, 1 available)`);
    const { rows } = await sql.query('SELECT id, stock, reserved FROM products WHERE id IN ($1, $2) ORDER BY id', [first, later]);
    expect(rows).toEqual([
      { id: first, stock: 5, reserved: 0 },
      { id: later, stock: 1, reserved: 0 },
    ]);
  });

  it('never oversells: concurrent orders of the last units end with exactly the stock PROCESSED', async () => {
    const id = await product('Last chemex', 4);
    const placed = await Promise.all(Array.from({ length: 10 }, () => place(id, 1)));
    const outcomes = await Promise.all(placed.map(({ orderid }) => settled(orderid)));
    const statuses = outcomes.map((order) => order.status);
    expect(statuses.filter((status) => status === 'PROCESSED')).toHaveLength(4);
    expect(statuses.filter((status) => status === 'REJECTED')).toHaveLength(6);
    const { rows } = await sql.query('SELECT stock, reserved FROM products WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ stock: 4, reserved: 4 });
  });

  it('answers a redelivered OrderPlaced with nothing new: one reservation, one answer', async () => {
    const id = await product('Tamper', 3);
    const { orderid } = await place(id, 1);
    await settled(orderid);
    const original = await eventually(async () => placedTopic.messages.find((message) => message.key === orderid), (message) => message !== undefined, 20_000);
    await raw.send(topicOf('orders.placed'), orderid, original!.value);
    // A marker behind it on the same partition (same key): once the catalog has answered the
    // marker, it has handled the redelivery, which comes first in that partition.
    const marker = new Types.ObjectId().toHexString();
    const value = original!.value as { order: Record<string, unknown> };
    await raw.send(topicOf('orders.placed'), orderid, { ...value, order: { ...value.order, orderid: marker } });
    await eventually(async () => (await sql.query('SELECT 1 FROM stock_reservations WHERE order_id = $1', [marker])).rowCount, (count) => count === 1, 20_000);
    const answers = await sql.query("SELECT count(*)::int AS answers FROM catalog_outbox WHERE topic = 'catalog.stock' AND message_key = $1", [orderid]);
    expect(answers.rows[0].answers).toBe(1);
    const { rows } = await sql.query('SELECT reserved FROM products WHERE id = $1', [id]);
    expect(rows[0].reserved).toBe(2);
  });

  const cancel = (orderid: string, user = buyer) => request(orders.getHttpServer()).post(`/order/${orderid}/cancel`).set('Authorization', `Bearer ${user.token}`);
  const cancelled = (orderid: string) =>
    eventually(
      async () => (await request(orders.getHttpServer()).get('/orderdetails').query({ orderid }).set('Authorization', `Bearer ${buyer.token}`)).body,
      (order) => order?.status === 'CANCELLED',
      30_000,
    );

  it('cancels a processed order: 202, then CANCELLED, and the catalog gives the stock back', async () => {
    const id = await product('Moka pot', 5);
    const { orderid } = await place(id, 2);
    expect(await settled(orderid)).toMatchObject({ status: 'PROCESSED' });
    await eventually(() => available(id), (left) => left === 3, 10_000);
    const { body } = await cancel(orderid).expect(202);
    expect(body).toEqual({ orderid, status: 'PROCESSED', cancel: 'requested' });
    const order = await cancelled(orderid);
    expect(order.statusHistory.map((change: { status: string }) => change.status)).toEqual(['PLACED', 'PROCESSED', 'CANCELLED']);
    await eventually(() => available(id), (left) => left === 5, 20_000);
    const { rows } = await sql.query('SELECT status FROM stock_reservations WHERE order_id = $1', [orderid]);
    expect(rows[0].status).toBe('RELEASED');
  });

  it('refuses to cancel a rejected order (409), another user’s (404) or a malformed id (400)', async () => {
    const id = await product('Rare tea', 1);
    const { orderid } = await place(id, 2);
    expect(await settled(orderid)).toMatchObject({ status: 'REJECTED' });
    const refused = await cancel(orderid).expect(409);
    expect(refused.body.code).toBe('ORDER.INVALID_TRANSITION');
    const stranger = await cancel(orderid, newUser()).expect(404);
    expect(stranger.body.code).toBe('ORDER.NOT_FOUND');
    await cancel('not-an-id').expect(400);
  });

  it('cancels orders racing their reservation: each ends CANCELLED once, and no stock stays held', async () => {
    const id = await product('Aeropress', 8);
    const placed = await Promise.all(Array.from({ length: 8 }, () => place(id, 1)));
    const answers = await Promise.all(placed.map(({ orderid }) => cancel(orderid)));
    // A cancel that arrives after the order was settled the other way is refused; none was REJECTED here.
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(202));
    const outcomes = await Promise.all(placed.map(({ orderid }) => cancelled(orderid)));
    for (const order of outcomes) {
      expect(order.statusHistory.filter((change: { status: string }) => change.status === 'CANCELLED')).toHaveLength(1);
    }
    await eventually(async () => (await sql.query('SELECT reserved FROM products WHERE id = $1', [id])).rows[0].reserved, (reserved) => reserved === 0, 20_000);
    await eventually(() => available(id), (left) => left === 8, 20_000);
  });

  it('cancels a client-priced order too', async () => {
    const { body } = await request(orders.getHttpServer())
      .post('/order')
      .set('Authorization', `Bearer ${buyer.token}`)
      .send({ cost: 5, orderitems: [{ name: 'own item', quantity: 1, price: 5 }] })
      .expect(201);
    expect(await settled(body.orderid)).toMatchObject({ status: 'PROCESSED' });
    await cancel(body.orderid).expect(202);
    await cancelled(body.orderid);
  });
});
