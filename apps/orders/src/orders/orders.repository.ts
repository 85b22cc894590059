import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import { BULK_LIMIT, existingIds, Order } from '@app/persistence';
import { OrderBreakers } from './order-breakers';

export type OrderRecord = Order;

export class DuplicateOrderError extends Error {
  constructor() {
    super('an order with this id exists');
  }
}

export interface UserOrdersPage {
  orders: OrderRecord[];
  hasMore: boolean;
}

export interface PageCursor {
  createdAt: Date;
  id: Types.ObjectId;
}

const UNCLAIMED = new Date(0);
/** Insert-only record that an order's OrderPlaced reached Kafka (see recordPublished). */
const PUBLICATIONS = 'order_publications';

/**
 * Every MongoDB call of the orders app, each through the `mongo` breaker. Plain collection
 * calls (no hydration) keep the hot path lean.
 */
@Injectable()
export class OrdersRepository implements OnModuleInit {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly breakers: OrderBreakers,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.orders.init();
  }

  async insert(order: OrderRecord): Promise<void> {
    try {
      await this.breakers.store.run(() => this.orders.collection.insertOne(order, { writeConcern: { w: 'majority' } }));
    } catch (error) {
      if (error instanceof mongo.MongoServerError && error.code === 11000) throw new DuplicateOrderError();
      throw error;
    }
  }

  findById(id: Types.ObjectId): Promise<OrderRecord | null> {
    return this.breakers.store.run(() => this.orders.collection.findOne({ _id: id }) as Promise<OrderRecord | null>);
  }

  async findByUser(userid: string, limit: number, after?: PageCursor): Promise<UserOrdersPage> {
    const filter: Record<string, unknown> = { userid };
    if (after) {
      filter.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }];
    }
    const found = (await this.breakers.store.run(() =>
      this.orders.collection
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray(),
    )) as OrderRecord[];
    return { orders: found.slice(0, limit), hasMore: found.length > limit };
  }

  /**
   * Records that these orders' events are on Kafka, in a collection of its own. FerretDB
   * applies an update as read-modify-write of the whole document, so an update here racing
   * the processor's PLACED → PROCESSED write could undo it; an insert elsewhere cannot.
   */
  async recordPublished(ids: Types.ObjectId[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.breakers.store.run(() =>
        this.orders.db.collection(PUBLICATIONS).insertMany(
          ids.map((_id) => ({ _id, publishedAt: at })),
          { ordered: false, writeConcern: { w: 'majority' } },
        ),
      );
    } catch (error) {
      const duplicatesOnly =
        error instanceof mongo.MongoBulkWriteError &&
        (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every((write) => write.code === 11000);
      if (!duplicatesOnly) throw error;
    }
  }

  async publishedAmong(ids: Types.ObjectId[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.breakers.store.run(() => existingIds(this.orders.db.collection(PUBLICATIONS), ids));
  }

  /**
   * Reads (without writing) up to `limit` orders whose marker is unset and whose lease has
   * lapsed, oldest first, created after `after` when given: the relay pages through them.
   */
  findUnsettled(olderThan: Date, limit: number, after?: Date): Promise<OrderRecord[]> {
    const createdAt: Record<string, Date> = { $lte: olderThan };
    if (after) createdAt.$gt = after;
    return this.breakers.store.run(
      () =>
        this.orders.collection
          .find({ outboxPending: true, 'outbox.leaseUntil': { $lt: new Date() }, createdAt })
          .sort({ createdAt: 1 })
          .limit(limit)
          .toArray() as Promise<OrderRecord[]>,
    );
  }

  /**
   * Takes one order for publishing: a compare-and-set on its lapsed lease, so two relays do
   * not normally publish it at once (on FerretDB the check is not atomic; consumers are
   * idempotent for that case).
   */
  async claim(id: Types.ObjectId, owner: string, leaseMs: number): Promise<OrderRecord | null> {
    const now = new Date();
    return (await this.breakers.store.run(() =>
      this.orders.collection.findOneAndUpdate(
        { _id: id, outboxPending: true, 'outbox.leaseUntil': { $lt: now } },
        { $set: { 'outbox.leaseUntil': new Date(now.getTime() + leaseMs), 'outbox.leaseOwner': owner }, $inc: { 'outbox.attempts': 1 } },
        { returnDocument: 'after' },
      ),
    )) as OrderRecord | null;
  }

  /** Gives claimed orders back at once after a failed publish, instead of waiting out the lease. */
  async releaseClaims(ids: Types.ObjectId[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    // By `_id` equality, which FerretDB serves from an index; it would scan for `$in`.
    for (let start = 0; start < ids.length; start += BULK_LIMIT) {
      const bulk = ids.slice(start, start + BULK_LIMIT).map((_id) => ({
        updateOne: { filter: { _id, 'outbox.leaseOwner': owner, outboxPending: true }, update: { $set: { 'outbox.leaseUntil': UNCLAIMED } } },
      }));
      await this.breakers.store.run(() => this.orders.collection.bulkWrite(bulk, { ordered: false }));
    }
  }

  /** Orders whose marker is unset and that nobody holds: not yet published, or published and not yet processed. */
  countUnpublished(): Promise<number> {
    return this.breakers.store.run(() =>
      this.orders.collection.countDocuments({ outboxPending: true, 'outbox.leaseUntil': { $lt: new Date() } }),
    );
  }
}

