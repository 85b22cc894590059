import request from 'supertest';
import { Money, placeOrder } from '@app/domain';
import { newUser } from '@test/e2e/tokens';
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

  it('answers a user with no orders with an empty page', async () => {
    const response = await list(newUser()).expect(200);
    expect(response.body).toEqual({ orders: [], nextCursor: null });
  });
});
