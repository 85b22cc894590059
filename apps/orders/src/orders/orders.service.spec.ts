import type { AuthUser } from '@app/auth';
import { BreakerOpenError } from '@app/common';
import {
  CatalogPrice,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  InvalidIdempotencyKeyError,
  Order,
  OrderForbiddenError,
  OrderNotFoundError,
  OrderStoreUnavailableError,
} from '@app/domain';
import type { OrderOutboxDocument } from '@app/persistence';
import { CatalogCopyRepository } from '../catalog-copy/catalog-copy.repository';
import type { OrderOutbox } from '../outbox/order-outbox';
import { PlaceOrderDto } from './dto/place-order.dto';
import { DuplicateOrderError, OrdersRepository, PageCursor, UserOrdersPage } from './orders.repository';
import { OrdersService } from './orders.service';
import { listPageOf, readListPage } from './user-order-list';

/** A catalog copy that knows no products: these tests place client-priced orders. */
class EmptyCatalogCopy extends CatalogCopyRepository {
  async pricesOf(): Promise<Map<string, CatalogPrice>> {
    return new Map();
  }

  async apply(): Promise<{ applied: number }> {
    return { applied: 0 };
  }
}

/** The repository's contract over an in-memory map, with the Mongo repository's paged list. */
class InMemoryOrdersRepository extends OrdersRepository {
  readonly stored = new Map<string, { order: Order; outbox: OrderOutboxDocument; position: number }>();
  readonly storedPagesRead: number[] = [];
  failWith?: unknown;
  private sequence = 0;
  private readonly lastPosition = new Map<string, number>();

  newId(): string {
    return (++this.sequence).toString(16).padStart(24, '0');
  }

  async insert(order: Order, outbox: OrderOutboxDocument): Promise<void> {
    if (this.failWith) throw this.failWith;
    const position = (this.lastPosition.get(order.userId) ?? 0) + 1;
    this.lastPosition.set(order.userId, position);
    if (this.stored.has(order.id)) throw new DuplicateOrderError();
    this.stored.set(order.id, { order, outbox, position });
  }

  async findById(id: string): Promise<Order | null> {
    if (this.failWith) throw this.failWith;
    return this.stored.get(id)?.order ?? null;
  }

  async findByUser(userId: string, limit: number, after?: PageCursor): Promise<UserOrdersPage> {
    if (this.failWith) throw this.failWith;
    const page = await readListPage(this.lastPosition.get(userId) ?? 0, limit, after, async (storedPage) => {
      this.storedPagesRead.push(storedPage);
      return [...this.stored.values()]
        .filter((entry) => entry.order.userId === userId && listPageOf(entry.position) === storedPage)
        .map((entry) => ({ position: entry.position, id: entry.order.id, order: entry.order }));
    });
    const last = page.entries.at(-1);
    return { orders: page.entries.map((entry) => entry.order), next: page.hasMore && last ? { position: last.position, id: last.id } : null };
  }
}

const alice: AuthUser = { id: 'alice-id', username: 'alice', roles: [] };
const body: PlaceOrderDto = { cost: 25.3, orderitems: [{ name: 'beans', quantity: 2, price: 12.65 }] };
const entry: OrderOutboxDocument = { published: false, leaseUntil: new Date(1), leaseOwner: 'me', attempts: 1 };

function setup() {
  const repository = new InMemoryOrdersRepository();
  const outbox = { entryForNewOrder: jest.fn(() => entry), publish: jest.fn(async () => true) };
  const breakers = { mongo: { resetTimeoutMs: 2500 } };
  const service = new OrdersService(repository, outbox as unknown as OrderOutbox, new EmptyCatalogCopy(), {} as never, { feeBasisPoints: 2000 }, breakers as never, {
    enabled: true,
    currency: 'usd',
    defaultMethod: 'pm_card_visa',
  });
  return { repository, outbox, service };
}

describe('OrdersService', () => {
  it('stores a placed order with the outbox entry and asks the outbox to publish it', async () => {
    const { repository, outbox, service } = setup();
    const placed = await service.place(alice, body, undefined, 'corr-1');
    expect(placed).toEqual({ order: expect.objectContaining({ userid: alice.id, cost: 25.3, status: 'PLACED' }), replayed: false });
    const stored = repository.stored.get(placed.order.orderid)!;
    expect(stored.outbox).toBe(entry);
    expect(stored.order.cost.minor).toBe(2530);
    expect(stored.order.lines[0].unitPrice?.minor).toBe(1265);
    expect(outbox.publish).toHaveBeenCalledWith([{ order: stored.order, traceparent: undefined }]);
  });

  it("refuses an order for another user and a malformed Idempotency-Key, storing nothing", async () => {
    const { repository, service } = setup();
    await expect(service.place(alice, { ...body, userid: 'bob' }, undefined, 'c')).rejects.toBeInstanceOf(OrderForbiddenError);
    await expect(service.place(alice, body, 'not a key!', 'c')).rejects.toBeInstanceOf(InvalidIdempotencyKeyError);
    expect(repository.stored.size).toBe(0);
  });

  it('answers a replay under the same key with the order as accepted, and a different body with 422', async () => {
    const { repository, outbox, service } = setup();
    const first = await service.place(alice, body, 'key-1', 'c1');
    // The order moves on meanwhile; the replay still shows what was accepted.
    const stored = repository.stored.get(first.order.orderid)!;
    const later = new Date(stored.order.createdAt.getTime() + 1000);
    stored.order = { ...stored.order, status: 'PROCESSED', history: [...stored.order.history, { status: 'PROCESSED', at: later }], processedAt: later, updatedAt: later };
    const replay = await service.place(alice, body, 'key-1', 'c2');
    expect(replay).toEqual({ order: first.order, replayed: true });
    expect(outbox.publish).toHaveBeenCalledTimes(1);
    await expect(service.place(alice, { ...body, cost: 30 }, 'key-1', 'c3')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers replays without a second insert, so they take no numbers in the user’s list', async () => {
    const { repository, service } = setup();
    const insert = jest.spyOn(repository, 'insert');
    await service.place(alice, body, 'key-2', 'c1');
    for (let replay = 0; replay < 50; replay++) await service.place(alice, body, 'key-2', 'c2');
    await service.place(alice, body, undefined, 'c3');
    expect(insert).toHaveBeenCalledTimes(2);
    expect([...repository.stored.values()].map((entry) => entry.position)).toEqual([1, 2]);
  });

  it('still answers a replay that raced its original to the insert', async () => {
    const { repository, service } = setup();
    const first = await service.place(alice, body, 'key-3', 'c1');
    // As if the look-up ran before the original's insert landed.
    jest.spyOn(repository, 'findById').mockResolvedValueOnce(null);
    await expect(service.place(alice, body, 'key-3', 'c2')).resolves.toEqual({ order: first.order, replayed: true });
  });

  it('turns a store outage into ORDER.STORE_UNAVAILABLE with a retry time, and other errors into themselves', async () => {
    const { repository, service } = setup();
    repository.failWith = new BreakerOpenError('mongo');
    const refused = await service.place(alice, body, undefined, 'c').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OrderStoreUnavailableError);
    expect(refused).toMatchObject({ code: 'ORDER.STORE_UNAVAILABLE', kind: 'unavailable', retryAfterSeconds: 3 });
    const bug = new TypeError('bug');
    repository.failWith = bug;
    await expect(service.findOne(alice, '0'.repeat(24))).rejects.toBe(bug);
  });

  it("reads one's own order, and calls another user's order not found", async () => {
    const { service } = setup();
    const { order } = await service.place(alice, body, undefined, 'c');
    await expect(service.findOne(alice, order.orderid)).resolves.toEqual(order);
    await expect(service.findOne({ id: 'bob', username: 'bob', roles: [] }, order.orderid)).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(service.findOne(alice, order.orderid, 'bob')).rejects.toBeInstanceOf(OrderForbiddenError);
  });

  it('pages through a user’s orders newest first with the cursor it gave out', async () => {
    const { service } = setup();
    const placed: string[] = [];
    for (let index = 0; index < 5; index++) placed.push((await service.place(alice, body, `k${index}`, 'c')).order.orderid);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.findForUser(alice, alice.id, 2, cursor);
      seen.push(...page.orders.map((order) => order.orderid));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(placed));
    expect(seen).toHaveLength(5);
    await expect(service.findForUser(alice, alice.id, 2, '99999999999999999-0123456789abcdef01234567')).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(service.findForUser(alice, 'bob', 2)).rejects.toBeInstanceOf(OrderForbiddenError);
  });
});
