import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { Order } from '@app/domain';
import { isDuplicateKey, OrderDocument, OrderOutboxDocument, StoreBreaker, toOrder, toOrderDocument } from '@app/persistence';
import { DuplicateOrderError, OrdersRepository, PageCursor, UserOrdersPage } from './orders.repository';
import { ListNumbers } from './list-numbers';
import { LIST_HEADS, ListedOrder, ListHeadDocument, listPageKey, listPageOf, readListPage } from './user-order-list';

/**
 * The order flow's MongoDB calls, each through the store breaker. Plain collection calls (no
 * hydration) keep the hot path lean.
 */
@Injectable()
export class MongoOrdersRepository extends OrdersRepository implements OnModuleInit {
  private readonly listNumbers = new ListNumbers((userId, count) => this.takeListNumbers(userId, count));

  constructor(
    @InjectModel(OrderDocument.name) private readonly orders: Model<OrderDocument>,
    private readonly breaker: StoreBreaker,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.orders.init();
  }

  newId(): string {
    return new Types.ObjectId().toHexString();
  }

  async insert(order: Order, outbox: OrderOutboxDocument): Promise<void> {
    const listPosition = await this.listNumbers.next(order.userId);
    const document = { ...toOrderDocument(order, outbox), listPosition, listPage: listPageKey(order.userId, listPageOf(listPosition)) };
    try {
      await this.breaker.run(() => this.orders.collection.insertOne(document, { writeConcern: { w: 'majority' } }));
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateOrderError();
      throw error;
    }
  }

  async findById(id: string): Promise<Order | null> {
    const found = await this.breaker.run(() => this.orders.collection.findOne({ _id: new Types.ObjectId(id) }));
    return found ? toOrder(found as OrderDocument) : null;
  }

  async findByUser(userId: string, limit: number, after?: PageCursor): Promise<UserOrdersPage> {
    const head = await this.breaker.run(() => this.heads().findOne({ _id: userId }));
    if (!after && !head) return { orders: [], next: null };
    const page = await readListPage(head?.last ?? 0, limit, after, (stored) => this.storedPage(userId, stored));
    const last = page.entries.at(-1);
    return { orders: page.entries.map((entry) => entry.order), next: page.hasMore && last ? { position: last.position, id: last.id } : null };
  }

  private async storedPage(userId: string, page: number): Promise<ListedOrder<Order>[]> {
    const found = (await this.breaker.run(() => this.orders.collection.find({ listPage: listPageKey(userId, page) }).toArray())) as OrderDocument[];
    return found.map((document) => ({ position: document.listPosition!, id: document._id.toHexString(), order: toOrder(document) }));
  }

  /**
   * Adds count to the user's counter, before the inserts (so the counter is never behind an
   * order), and answers its new value. The first placings of a user at once race to create the
   * counter: the losers' upsert meets a duplicate key, and their retry finds the counter there.
   */
  private async takeListNumbers(userId: string, count: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const head = await this.breaker.run(() =>
          this.heads().findOneAndUpdate({ _id: userId }, { $inc: { last: count } }, { upsert: true, returnDocument: 'after', writeConcern: { w: 'majority' } }),
        );
        return head!.last;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt === 3) throw error;
      }
    }
  }

  private heads() {
    return this.orders.db.collection<ListHeadDocument>(LIST_HEADS);
  }
}
