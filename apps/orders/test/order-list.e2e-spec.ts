import request from 'supertest';
import { Money, placeOrder } from '@app/domain';
import { newUser } from '@test/e2e/tokens';
import { toOrderDocument } from '@app/persistence';
import { numberUserLists } from '@apps/orders/orders/number-user-lists';
import { OrdersRepository } from '@apps/orders/orders/orders.repository';
import { order, ordersAppUnderTest } from './orders-app.fixture';

/** Whether a find's explain shows an index serving it: FerretDB's PostgreSQL plan or MongoDB's. */
function servedByIndex(explain: unknown): boolean {
  const plan = JSON.stringify(explain);
  return /"Index Scan"|"Bitmap Index Scan"|"Index Only Scan"|"IXSCAN"/.test(plan) && !/"Seq Scan"|"COLLSCAN"/.test(plan);
}

describe('a user’s order list on the real store (e2e)', () => {
  const orders = ordersAppUnderTest();
  const heavy = newUser();
  const HISTORY = 1500;

  const list = (user: { id: string; token: string }, query = '') =>
    request(orders.http).get(`/orderdetails?userid=${user.id}${query}`).set('Authorization', `Bearer ${user.token}`);

  beforeAll(async () => {
    // A long history, stored the way POST /order stores it (published, so the relay leaves it be).
    const repository = orders.app.get(OrdersRepository);
    const start = Date.now() - HISTORY * 1000;
    for (let index = 0; index < HISTORY; index++) {
      const placed = placeOrder({ id: repository.newId(), userId: heavy.id, cost: Money.ofMinor(100 + index), lines: [{ name: `item ${index}`, quantity: 1 }], at: new Date(start + index * 1000) });
      await repository.insert(placed, { published: true, publishedAt: new Date(), leaseUntil: new Date(0), attempts: 1 });
    }
  }, 120_000);

  it('reads a page through an index, not a scan of the collection', async () => {
    const explain = await orders.db.db!.command({ explain: { find: 'orders', filter: { listPage: `${heavy.id}/0` } } });
    expect(servedByIndex(explain)).toBe(true);
  });

  it('answers the newest page of a long history first, and every order once across the pages', async () => {
    const first = await list(heavy, '&limit=20').expect(200);
    expect(first.body.orders.map((found: { cost: number }) => found.cost)).toEqual(Array.from({ length: 20 }, (_, index) => (100 + HISTORY - 1 - index) / 100));
    const seen = new Set<string>();
    let cursor: string | null = first.body.nextCursor;
    for (const found of first.body.orders) seen.add(found.orderid);
    while (cursor) {
      const page: request.Response = await list(heavy, `&limit=100&cursor=${cursor}`).expect(200);
      for (const found of page.body.orders) seen.add(found.orderid);
      cursor = page.body.nextCursor;
    }
    expect(seen.size).toBe(HISTORY);
  });

  it('lists every one of a user’s simultaneous orders once', async () => {
    const burst = newUser();
    const placed = await Promise.all(Array.from({ length: 40 }, (_, index) => orders.place(burst, order({ cost: index + 1 }))));
    expect(placed.filter((response) => response.status !== 201).map((response) => [response.status, response.body])).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: request.Response = await list(burst, `&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.orders.map((found: { orderid: string }) => found.orderid));
      cursor = page.body.nextCursor;
    }
    expect(seen.sort()).toEqual(placed.map((response) => response.body.orderid as string).sort());
  });

  it('lists orders stored before lists were numbered once npm run orders:number-lists has numbered them', async () => {
    const veteran = newUser();
    const start = Date.now() - 3_600_000;
    // Stored out of order, as a store of years might hold them.
    const legacy = Array.from({ length: 19 }, (_, index) => (index * 7) % 19).map((age) =>
      toOrderDocument(placeOrder({ id: orders.app.get(OrdersRepository).newId(), userId: veteran.id, cost: Money.ofMinor(100 + age), lines: [{ name: 'old', quantity: 1 }], at: new Date(start + age * 1000) }), { published: true, leaseUntil: new Date(0), attempts: 1 }),
    );
    await orders.db.collection('orders').insertMany(legacy as never[]);
    expect((await list(veteran).expect(200)).body.orders).toEqual([]);
    const numbered = await numberUserLists(orders.db.db!);
    expect(numbered.orders).toBeGreaterThanOrEqual(19);
    const costs = async () => (await list(veteran, '&limit=100').expect(200)).body.orders.map((found: { cost: number }) => found.cost);
    expect(await costs()).toEqual(Array.from({ length: 19 }, (_, index) => (100 + 18 - index) / 100));
    // Run again, it numbers nothing new; an order placed after it comes first.
    await numberUserLists(orders.db.db!);
    await orders.place(veteran, order({ cost: 9 })).expect(201);
    expect((await costs()).slice(0, 2)).toEqual([9, 1.18]);
  });

  it('takes no number in the list for a replayed Idempotency-Key (a replay storm leaves no gap to walk)', async () => {
    const replayer = newUser();
    await orders.place(replayer, order(), { 'idempotency-key': 'storm-1' }).expect(201);
    for (let replay = 0; replay < 30; replay++) await orders.place(replayer, order(), { 'idempotency-key': 'storm-1' }).expect(201);
    await orders.place(replayer, order({ cost: 2 })).expect(201);
    const head = await orders.db.collection('order_list_heads').findOne({ _id: replayer.id as never });
    expect(head?.last).toBe(2);
  });

  it('answers a cursor far past the user’s list with its newest orders at once (schemathesis found it walking every page down)', async () => {
    const started = Date.now();
    const response = await list(heavy, '&cursor=263320548608020-700000000000000000000000&limit=1').expect(200);
    expect(response.body.orders.map((found: { cost: number }) => found.cost)).toEqual([(100 + HISTORY - 1) / 100]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers a user with no orders with an empty page', async () => {
    const response = await list(newUser()).expect(200);
    expect(response.body).toEqual({ orders: [], nextCursor: null });
  });
});
