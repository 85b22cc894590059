import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { Order } from '@app/domain';
import { isDuplicateKey, OrderDocument, OrderOutboxDocument, StoreBreaker, toOrder, toOrderDocument } from '@app/persistence';
import { DuplicateOrderError, OrdersRepository, PageCursor, UserOrdersPage } from './orders.repository';

/**
 * The order flow's MongoDB calls, each through the store breaker. Plain collection calls (no
 * hydration) keep the hot path lean.
 */
@Injectable()
export class MongoOrdersRepository extends OrdersRepository implements OnModuleInit {
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
    const document = toOrderDocument(order, outbox);
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
    const filter: Record<string, unknown> = { userid: userId };
    if (after) {
      const afterId = new Types.ObjectId(after.id);
      filter.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: afterId } }];
    }
    const found = (await this.breaker.run(() =>
      this.orders.collection
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray(),
    )) as OrderDocument[];
    return { orders: found.slice(0, limit).map(toOrder), hasMore: found.length > limit };
  }
}
