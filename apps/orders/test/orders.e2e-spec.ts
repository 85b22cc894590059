import request from 'supertest';
import { Types } from 'mongoose';
import { eventually } from '@test/e2e/health-suite';
import { newUser } from '@test/e2e/tokens';
import { order, ordersAppUnderTest } from './orders-app.fixture';

describe('orders app (e2e)', () => {
  const orders = ordersAppUnderTest();
  const { place, stored } = orders;
  const alice = newUser();
  const bob = newUser();

  describe('HTTP contract', () => {
    it('publishes the schema it validates with: money, bounds and no unknown fields', async () => {
      const { body: document } = await request(orders.http).get('/docs-json').expect(200);
      const body = document.paths['/order'].post.requestBody.content['application/json'].schema;
      expect(body.anyOf.map((shape: { title: string }) => shape.title)).toEqual(['ClientPricedOrder', 'CatalogOrder']);
      const [clientPriced, catalog] = body.anyOf;
      expect(clientPriced).toMatchObject({ additionalProperties: false, required: ['cost', 'orderitems'] });
      expect(clientPriced.properties.cost).toMatchObject({ type: 'number', minimum: 0.01, multipleOf: 0.01 });
      expect(clientPriced.properties.orderitems.items).toMatchObject({ additionalProperties: false, required: ['name', 'quantity'] });
      expect(catalog).toMatchObject({ additionalProperties: false, required: ['orderitems'] });
      expect(catalog.properties.orderitems.items).toMatchObject({ additionalProperties: false, required: ['productId', 'quantity'] });
      const parameters = document.paths['/orderdetails'].get.parameters.map((parameter: { name: string }) => parameter.name);
      expect(parameters).toEqual(expect.arrayContaining(['orderid', 'userid', 'limit', 'cursor']));
      const error = document.components.schemas.ErrorResponseDto;
      expect(error.properties.details.oneOf).toEqual([{ type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } }, { type: 'object' }]);
    });

    it('declares the live stream as text/event-stream and its errors as JSON in the error shape (schemathesis ST105)', async () => {
      const { body: document } = await request(orders.http).get('/docs-json').expect(200);
      const responses = document.paths['/api/orders/events'].get.responses as Record<string, { content: Record<string, unknown> }>;
      expect(Object.keys(responses['200'].content)).toEqual(['text/event-stream']);
      for (const status of ['400', '401', '429', '503']) {
        expect([status, Object.keys(responses[status].content)]).toEqual([status, ['application/json']]);
      }
    });

    it('serves Swagger UI with security headers', async () => {
      const response = await request(orders.http).get('/docs').expect(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it.each(['TRACE', 'DELETE', 'PUT', 'HEAD'])('answers %s on /order with 405 and Allow: POST', async (method) => {
      const response = await request(orders.http)[method.toLowerCase() as 'get']('/order').set('Authorization', `Bearer ${alice.token}`);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
      if (method !== 'HEAD') expect(response.body).toMatchObject({ statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED' });
    });

    it('answers 404 on an unknown path and echoes a sane correlation id', async () => {
      const response = await request(orders.http).get('/nowhere').set('x-correlation-id', 'e2e-404').expect(404);
      expect(response.headers['x-correlation-id']).toBe('e2e-404');
      expect(response.body).toMatchObject({ code: 'HTTP.NOT_FOUND', correlationId: 'e2e-404' });
    });

    it('keeps any printable text of an item name exactly as sent', async () => {
      const name = 'Kaffee ☕ 咖啡 😀 — “crème”';
      const response = await place(alice, order({ orderitems: [{ name, quantity: 1 }] })).expect(201);
      expect(response.body.orderitems[0].name).toBe(name);
    });

    it('reports every failing field of a body at once', async () => {
      const response = await place(alice, { cost: 1.001, orderitems: [{ name: '', quantity: 0 }], vip: true }).expect(400);
      expect(response.body.code).toBe('VALIDATION.FAILED');
      const fields = response.body.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['cost', 'orderitems.0.name', 'orderitems.0.quantity', 'vip']));
    });
  });

  describe('POST /order', () => {
    it('stores a PLACED order and publishes OrderPlaced with its id as key', async () => {
      const response = await place(alice, order(), { 'x-correlation-id': 'e2e-corr-1' }).expect(201);
      const orderid = response.body.orderid as string;
      expect(response.headers.location).toBe(`/orderdetails?orderid=${orderid}`);
      expect(response.body).toMatchObject({
        orderid: expect.stringMatching(/^[0-9a-f]{24}$/),
        userid: alice.id,
        cost: 25.3,
        orderitems: [{ name: 'Espresso beans 1kg', quantity: 2, price: 12.65 }],
        status: 'PLACED',
        statusHistory: [{ status: 'PLACED', at: expect.any(String) }],
      });

      const document = await stored(orderid);
      expect(document).toMatchObject({ userid: alice.id, costMinor: 2530, status: 'PLACED' });
      // The request path records the publication beside the order, just after answering (see PublicationRecorder).
      await eventually(
        () => orders.db.collection('order_publications').findOne({ _id: new Types.ObjectId(orderid) }),
        (publication) => publication !== null,
        5_000,
      );

      const [event] = await eventually(async () => orders.placedTopic.withKey(orderid), (found) => found.length > 0, 20_000);
      expect(event.headers).toMatchObject({ 'correlation-id': 'e2e-corr-1', 'event-type': 'OrderPlaced', 'schema-version': '1' });
      expect(event.value).toMatchObject({
        schemaVersion: 1,
        type: 'OrderPlaced',
        order: { orderid, userid: alice.id, cost: 25.3, costMinor: 2530, status: 'PLACED' },
      });
    });

    it.each([0.3, 0.1, 0.7, 19.99, 1234567.89, 0.01])('keeps cost %p exactly', async (cost) => {
      const response = await place(alice, order({ cost, orderitems: [{ name: 'x', quantity: 3, price: cost }] })).expect(201);
      expect(response.body.cost).toBe(cost);
      expect(response.body.orderitems[0].price).toBe(cost);
      const fetched = await request(orders.http)
        .get(`/orderdetails?orderid=${response.body.orderid}`)
        .set('Authorization', `Bearer ${alice.token}`)
        .expect(200);
      expect(fetched.body.cost).toBe(cost);
      expect((await stored(response.body.orderid))?.costMinor).toBe(Math.round(cost * 100));
    });

    it('uses the token subject as userid and refuses another user id with 403', async () => {
      await place(alice, order({ userid: alice.id })).expect(201);
      const response = await place(alice, order({ userid: bob.id })).expect(403);
      expect(response.body.code).toBe('ORDER.FORBIDDEN');
    });

    const invalidBodies: [string, unknown][] = [
      ['no cost', { orderitems: [{ name: 'x', quantity: 1 }] }],
      ['a zero cost', order({ cost: 0 })],
      ['a negative cost', order({ cost: -5 })],
      ['three decimals', order({ cost: 1.005 })],
      ['a string cost', order({ cost: '25.30' })],
      ['a huge cost', order({ cost: 1e308 })],
      ['no items', order({ orderitems: [] })],
      ['101 items', order({ orderitems: Array.from({ length: 101 }, () => ({ name: 'x', quantity: 1 })) })],
      ['items not an array', order({ orderitems: { name: 'x', quantity: 1 } })],
      ['a zero quantity', order({ orderitems: [{ name: 'x', quantity: 0 }] })],
      ['a fractional quantity', order({ orderitems: [{ name: 'x', quantity: 1.5 }] })],
      ['quantity 10001', order({ orderitems: [{ name: 'x', quantity: 10_001 }] })],
      ['an item without a name', order({ orderitems: [{ quantity: 1 }] })],
      ['a blank item name', order({ orderitems: [{ name: '   ', quantity: 1 }] })],
      ['a NUL in an item name', order({ orderitems: [{ name: 'beans\u0000', quantity: 1 }] })],
      ['a control character in an item name', order({ orderitems: [{ name: 'be\u0007ans', quantity: 1 }] })],
      ['a lone surrogate in an item name', order({ orderitems: [{ name: 'beans \ud800', quantity: 1 }] })],
      ['a bad item price', order({ orderitems: [{ name: 'x', quantity: 1, price: 0.001 }] })],
      ['an unknown field', order({ discount: 5 })],
      ['an unknown item field', order({ orderitems: [{ name: 'x', quantity: 1, sku: 'A1' }] })],
      ['a $-operator field', order({ $set: { status: 'PROCESSED' } })],
      ['a dotted key', order({ 'outbox.published': true })],
      ['a status', order({ status: 'PROCESSED' })],
      ['an array body', [order()]],
      ['a number body', 42],
    ];

    it.each(invalidBodies)('answers 400 for %s and stores nothing', async (_label, body) => {
      const before = await orders.db.collection('orders').countDocuments({ userid: alice.id });
      const response = await request(orders.http)
        .post('/order')
        .set('Authorization', `Bearer ${alice.token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: expect.any(String), correlationId: expect.any(String) });
      expect(await orders.db.collection('orders').countDocuments({ userid: alice.id })).toBe(before);
    });

    it('answers 401 without a token or with a bad one', async () => {
      await request(orders.http).post('/order').send(order()).expect(401);
      const response = await request(orders.http).post('/order').set('Authorization', 'Bearer a.b.c').send(order()).expect(401);
      expect(response.body.code).toBe('AUTH.INVALID_TOKEN');
      await request(orders.http).get('/orderdetails?orderid=0123456789abcdef01234567').expect(401);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a replay with the original order and refuses a different body with 422', async () => {
      const key = `key-${Date.now()}`;
      const first = await place(alice, order({ cost: 9.99 }), { 'Idempotency-Key': key }).expect(201);
      const again = await place(alice, order({ cost: 9.99 }), { 'Idempotency-Key': key }).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const different = await place(alice, order({ cost: 10.99 }), { 'Idempotency-Key': key }).expect(422);
      expect(different.body.code).toBe('ORDER.IDEMPOTENCY_KEY_REUSED');
      expect(await orders.db.collection('orders').countDocuments({ 'idempotency.key': key })).toBe(1);
      // The same key from another user is another order.
      const bobs = await place(bob, order({ cost: 9.99 }), { 'Idempotency-Key': key }).expect(201);
      expect(bobs.body.orderid).not.toBe(first.body.orderid);
    });

    it('makes exactly one order of 100 concurrent requests with one key', async () => {
      const key = `race-${Date.now()}`;
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => place(alice, order({ cost: 3.33 }), { 'Idempotency-Key': key })),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(100).fill(201));
      expect(new Set(responses.map((response) => response.body.orderid)).size).toBe(1);
      expect(await orders.db.collection('orders').countDocuments({ 'idempotency.key': key })).toBe(1);
    });

    it('refuses a malformed key with 400', async () => {
      const response = await place(alice, order(), { 'Idempotency-Key': 'no spaces allowed' }).expect(400);
      expect(response.body.code).toBe('ORDER.INVALID_IDEMPOTENCY_KEY');
    });
  });

  describe('GET /orderdetails', () => {
    const get = (user: { token: string }, query: string) =>
      request(orders.http).get(`/orderdetails${query}`).set('Authorization', `Bearer ${user.token}`);

    it('answers 404 ORDER.NOT_FOUND for a missing order and for another user’s order alike', async () => {
      const { body } = await place(alice).expect(201);
      await get(alice, `?orderid=${body.orderid}`).expect(200);
      const other = await get(bob, `?orderid=${body.orderid}`).expect(404);
      const missing = await get(bob, `?orderid=${new Types.ObjectId().toHexString()}`).expect(404);
      expect(other.body.code).toBe('ORDER.NOT_FOUND');
      expect(missing.body.code).toBe('ORDER.NOT_FOUND');
    });

    it('lists only the caller’s orders: another userid gets 403', async () => {
      const response = await get(bob, `?userid=${alice.id}`).expect(403);
      expect(response.body.code).toBe('ORDER.FORBIDDEN');
    });

    it('pages through a user’s orders newest first', async () => {
      const carol = newUser();
      const placed: string[] = [];
      for (let index = 0; index < 5; index++) placed.push((await place(carol, order({ cost: index + 1 })).expect(201)).body.orderid);
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const response: request.Response = await get(carol, `?userid=${carol.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...response.body.orders.map((found: { orderid: string }) => found.orderid));
        cursor = response.body.nextCursor;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual([...placed].reverse());
    });

    it('accepts the parameters in a JSON body, as the original API did', async () => {
      const { body } = await place(alice).expect(201);
      const response = await request(orders.http)
        .get('/orderdetails')
        .set('Authorization', `Bearer ${alice.token}`)
        .set('Content-Type', 'application/json')
        .send({ orderid: body.orderid })
        .expect(200);
      expect(response.body.orderid).toBe(body.orderid);
    });

    it('lists the caller’s own orders when neither orderid nor userid is given', async () => {
      const dave = newUser();
      const { body } = await place(dave).expect(201);
      const response = await get(dave, '').expect(200);
      expect(response.body.orders.map((found: { orderid: string }) => found.orderid)).toEqual([body.orderid]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('refuses an orderid with another user’s userid with 403', async () => {
      const { body } = await place(alice).expect(201);
      await get(alice, `?orderid=${body.orderid}&userid=${alice.id}`).expect(200);
      const response = await get(alice, `?orderid=${body.orderid}&userid=${bob.id}`).expect(403);
      expect(response.body.code).toBe('ORDER.FORBIDDEN');
    });

    it.each([
      ['a malformed orderid', '?orderid=not-an-id'],
      ['limit 0', '?userid=me&limit=0'],
      ['limit 101', '?userid=me&limit=101'],
      ['a non-numeric limit', '?userid=me&limit=ten'],
      ['a forged cursor', '?userid=me&cursor=bm9wZQ'],
      ['a repeated orderid', '?orderid=0123456789abcdef01234567&orderid=0123456789abcdef01234568'],
      ['an unknown parameter', '?userid=me&sort=desc'],
      ['an operator in the query', '?userid[$ne]=x'],
    ])('answers 400 for %s', async (_label, query) => {
      const response = await get(alice, query.replace(/=me/g, `=${alice.id}`));
      expect(response.status).toBe(400);
      expect(response.body.correlationId).toEqual(expect.any(String));
    });
  });
});
