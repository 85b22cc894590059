import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import type { HttpApp } from '@app/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection, Types } from 'mongoose';
import request from 'supertest';
import { CatalogCopyRepository } from '@apps/orders/catalog-copy/catalog-copy.repository';
import { createOrdersApp, startOrdersConsumers } from '@apps/orders/create-app';
import { eventually } from '@test/e2e/health-suite';
import { RawProducer } from '@test/e2e/raw-producer';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv, topicOf } from '@test/e2e/test-env';
import { newUser } from '@test/e2e/tokens';
import { TopicRecorder } from '@test/e2e/topic-recorder';

/** Orders of catalog products, priced by the server from its copy of `catalog.products`. */
describe('orders priced from the catalog (e2e)', () => {
  const env = new TestEnv();
  const buyer = newUser();
  let app: HttpApp;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let db: Connection;
  let producer: RawProducer;
  let placedTopic: TopicRecorder;

  beforeAll(async () => {
    env.set({ ORDER_FEE_PERCENT: '20', RELAY_INTERVAL_MS: '200' });
    producer = new RawProducer();
    await producer.start();
    placedTopic = new TopicRecorder(topicOf('orders.placed'));
    await placedTopic.start();
    app = await createOrdersApp();
    await startOrdersConsumers(app);
    await readyApp(app);
    http = app.getHttpServer();
    db = app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await app?.close();
    await placedTopic?.stop();
    await producer?.stop();
    env.restore();
  });

  /** As the catalog's relay publishes a change (the copy takes it in from the topic). */
  const publish = (id: string, version: number, product?: { name: string; price: number; available?: number }) =>
    producer.send(
      topicOf('catalog.products'),
      id,
      product
        ? {
            schemaVersion: 1,
            type: 'ProductUpserted',
            eventId: `${id}:${version}`,
            occurredAt: new Date().toISOString(),
            product: { id, name: product.name, price: product.price, priceMinor: Math.round(product.price * 100), available: product.available ?? 10, version },
          }
        : { schemaVersion: 1, type: 'ProductDeleted', eventId: `${id}:${version}`, occurredAt: new Date().toISOString(), product: { id, version } },
    );
  const copied = (id: string, version: number) =>
    eventually(() => db.collection('catalog_products').findOne({ _id: id as never }), (product) => product?.version === version, 20_000);
  const product = async (name: string, price: number) => {
    const id = randomUUID();
    await publish(id, 1, { name, price });
    await copied(id, 1);
    return id;
  };
  const place = (body: object) => request(http).post('/order').set('Authorization', `Bearer ${buyer.token}`).send(body);

  it('prices the lines from the catalog and adds the fee: subtotal, fee, total, cost', async () => {
    const beans = await product('Espresso beans 1kg', 12.65);
    const filter = await product('Paper filters', 0.03);
    const { body } = await place({ orderitems: [{ productId: beans, quantity: 2 }, { productId: filter, quantity: 1 }] }).expect(201);
    // 25.30 + 0.03 = 25.33; 20 % is 5.066 → 5.07; total 30.40.
    expect(body).toMatchObject({
      lines: [
        { productId: beans, name: 'Espresso beans 1kg', unitPrice: 12.65, quantity: 2 },
        { productId: filter, name: 'Paper filters', unitPrice: 0.03, quantity: 1 },
      ],
      subtotal: 25.33,
      fee: 5.07,
      total: 30.4,
      cost: 30.4,
      status: 'PLACED',
    });
    const read = await request(http).get('/orderdetails').query({ orderid: body.orderid }).set('Authorization', `Bearer ${buyer.token}`).expect(200);
    expect(read.body).toMatchObject({ subtotal: 25.33, fee: 5.07, total: 30.4, lines: body.lines });
    const stored = await db.collection('orders').findOne({ _id: new Types.ObjectId(body.orderid as string) });
    expect(stored).toMatchObject({ costMinor: 3040, subtotalMinor: 2533, feeMinor: 507 });
    const event = await eventually(
      async () => placedTopic.messages.find((message) => message.key === body.orderid),
      (message) => message !== undefined,
      20_000,
    );
    expect((event?.value as { order: { orderitems: unknown[] } }).order.orderitems).toEqual([
      { productId: beans, name: 'Espresso beans 1kg', quantity: 2, price: 12.65 },
      { productId: filter, name: 'Paper filters', quantity: 1, price: 0.03 },
    ]);
  });

  it('quotes what an order would cost without placing it, and POST /order honours that total', async () => {
    const kettle = await product('Gooseneck kettle', 49.99);
    const items = [{ productId: kettle, quantity: 3 }];
    const quoted = await request(http).post('/api/orders/quote').set('Authorization', `Bearer ${buyer.token}`).send({ orderitems: items }).expect(200);
    // 149.97; 20 % is 29.994 → 29.99; total 179.96.
    expect(quoted.body).toEqual({ lines: [{ productId: kettle, name: 'Gooseneck kettle', unitPrice: 49.99, quantity: 3 }], subtotal: 149.97, fee: 29.99, total: 179.96 });
    expect(await db.collection('orders').countDocuments({ 'orderitems.productId': kettle })).toBe(0);
    const { body } = await place({ cost: quoted.body.total, orderitems: items }).expect(201);
    expect(body).toMatchObject({ total: 179.96, cost: 179.96 });
    const unknown = await request(http).post('/api/orders/quote').set('Authorization', `Bearer ${buyer.token}`).send({ orderitems: [{ productId: randomUUID(), quantity: 1 }] }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'ORDER.UNKNOWN_PRODUCT' });
    await request(http).post('/api/orders/quote').send({ orderitems: items }).expect(401);
  });

  it('rounds a fee of 0.6 cents up and one of 0.2 cents down', async () => {
    const cheap = await product('Sugar cube', 0.03);
    expect((await place({ orderitems: [{ productId: cheap, quantity: 1 }] }).expect(201)).body).toMatchObject({ subtotal: 0.03, fee: 0.01, total: 0.04 });
    const cheaper = await product('Stirrer', 0.01);
    expect((await place({ orderitems: [{ productId: cheaper, quantity: 1 }] }).expect(201)).body).toMatchObject({ subtotal: 0.01, fee: 0, total: 0.01 });
  });

  it('accepts the cost the client expects and refuses another with 409 ORDER.PRICE_CHANGED and the current quote', async () => {
    const tea = await product('Sencha 100g', 10);
    await place({ cost: 12, orderitems: [{ productId: tea, quantity: 1 }] }).expect(201);
    await publish(tea, 2, { name: 'Sencha 100g', price: 11 });
    await copied(tea, 2);
    const before = await db.collection('orders').countDocuments();
    const { body } = await place({ cost: 12, orderitems: [{ productId: tea, quantity: 1 }] }).expect(409);
    expect(body).toMatchObject({
      code: 'ORDER.PRICE_CHANGED',
      details: { lines: [{ productId: tea, name: 'Sencha 100g', unitPrice: 11, quantity: 1 }], subtotal: 11, fee: 2.2, total: 13.2 },
    });
    expect(await db.collection('orders').countDocuments()).toBe(before);
  });

  it('refuses a product the catalog does not have, or has deleted, with 422 ORDER.UNKNOWN_PRODUCT naming it', async () => {
    const known = await product('Teapot', 30);
    const unknown = randomUUID();
    const { body } = await place({ orderitems: [{ productId: known, quantity: 1 }, { productId: unknown, quantity: 1 }] }).expect(422);
    expect(body).toMatchObject({ code: 'ORDER.UNKNOWN_PRODUCT', details: [{ field: 'orderitems.1.productId' }] });
    expect(body.message).toContain(unknown);
    await publish(known, 2);
    await copied(known, 2);
    const deleted = await place({ orderitems: [{ productId: known, quantity: 1 }] }).expect(422);
    expect(deleted.body.message).toContain(known);
  });

  it('keeps the newest version of a product: an older change, arriving late, changes nothing', async () => {
    const copy = app.get(CatalogCopyRepository);
    const mug = randomUUID();
    const change = (version: number, name: string, priceMinor: number) => ({ productId: mug, version, changedAt: new Date(), product: { name, priceMinor, available: 5 } });
    expect(await copy.apply([change(3, 'Mug', 900)], new Date())).toEqual({ applied: 1 });
    expect(await copy.apply([change(2, 'Mug (old)', 700), change(3, 'Mug (again)', 800)], new Date())).toEqual({ applied: 0 });
    const { body } = await place({ orderitems: [{ productId: mug, quantity: 1 }] }).expect(201);
    expect(body.lines[0]).toMatchObject({ name: 'Mug', unitPrice: 9 });
    await copy.apply([{ productId: mug, version: 4, changedAt: new Date(), product: null }], new Date());
    await place({ orderitems: [{ productId: mug, quantity: 1 }] }).expect(422);
  });

  it('refuses an order that mixes catalog products with client-priced items, and a catalog item with a price', async () => {
    const spoon = await product('Spoon', 1);
    const mixed = await place({ cost: 3, orderitems: [{ productId: spoon, quantity: 1 }, { name: 'own item', quantity: 1, price: 1 }] }).expect(400);
    expect(mixed.body.code).toBe('VALIDATION.FAILED');
    await place({ orderitems: [{ productId: spoon, quantity: 1, price: 0.5 }] }).expect(400);
    await place({ orderitems: [{ productId: 'not-a-uuid', quantity: 1 }] }).expect(400);
  });
});
