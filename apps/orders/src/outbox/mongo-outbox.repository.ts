import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import type { Order } from '@app/domain';
import { BULK_LIMIT, existingIds, OrderDocument, StoreBreaker, toOrder } from '@app/persistence';
import { OutboxEntry, OutboxRepository } from './outbox.repository';

const UNCLAIMED = new Date(0);
/** Insert-only record that an order's OrderPlaced reached Kafka (see recordPublished). */
const PUBLICATIONS = 'order_publications';

/** The outbox's MongoDB calls, each through the store breaker. */
@Injectable()
export class MongoOutboxRepository extends OutboxRepository {
  constructor(
    @InjectModel(OrderDocument.name) private readonly orders: Model<OrderDocument>,
    private readonly breaker: StoreBreaker,
  ) {
    super();
  }

  /**
   * An insert into a collection of its own, not an update of the order: FerretDB applies an
   * update as read-modify-write of the whole document, so an update here racing the
   * processor's PLACED → PROCESSED write could undo it; an insert elsewhere cannot.
   */
  async recordPublished(orderIds: string[], at: Date): Promise<void> {
    if (orderIds.length === 0) return;
    try {
      await this.breaker.run(() =>
        this.orders.db.collection(PUBLICATIONS).insertMany(
          orderIds.map((id) => ({ _id: new Types.ObjectId(id), publishedAt: at })),
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

  async publishedAmong(orderIds: string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const ids = orderIds.map((id) => new Types.ObjectId(id));
    return this.breaker.run(() => existingIds(this.orders.db.collection(PUBLICATIONS), ids));
  }

  async findUnsettled(olderThan: Date, limit: number, after?: Date): Promise<Order[]> {
    const createdAt: Record<string, Date> = { $lte: olderThan };
    if (after) createdAt.$gt = after;
    const found = await this.breaker.run(() =>
      this.orders.collection
        .find({ outboxPending: true, 'outbox.leaseUntil': { $lt: new Date() }, createdAt })
        .sort({ createdAt: 1 })
        .limit(limit)
        .toArray(),
    );
    return (found as OrderDocument[]).map(toOrder);
  }

  /**
   * A compare-and-set on the order's lapsed lease, so two relays do not normally publish it at
   * once (on FerretDB the check is not atomic; consumers are idempotent for that case).
   */
  async claim(orderId: string, owner: string, leaseMs: number): Promise<OutboxEntry | null> {
    const now = new Date();
    const claimed = await this.breaker.run(() =>
      this.orders.collection.findOneAndUpdate(
        { _id: new Types.ObjectId(orderId), outboxPending: true, 'outbox.leaseUntil': { $lt: now } },
        { $set: { 'outbox.leaseUntil': new Date(now.getTime() + leaseMs), 'outbox.leaseOwner': owner }, $inc: { 'outbox.attempts': 1 } },
        { returnDocument: 'after' },
      ),
    );
    if (!claimed) return null;
    const document = claimed as OrderDocument;
    return { order: toOrder(document), ...(document.outbox.traceparent ? { traceparent: document.outbox.traceparent } : {}) };
  }

  async releaseClaims(orderIds: string[], owner: string): Promise<void> {
    // By `_id` equality, which FerretDB serves from an index; it would scan for `$in`.
    for (let start = 0; start < orderIds.length; start += BULK_LIMIT) {
      const bulk = orderIds.slice(start, start + BULK_LIMIT).map((id) => ({
        updateOne: {
          filter: { _id: new Types.ObjectId(id), 'outbox.leaseOwner': owner, outboxPending: true },
          update: { $set: { 'outbox.leaseUntil': UNCLAIMED } },
        },
      }));
      await this.breaker.run(() => this.orders.collection.bulkWrite(bulk, { ordered: false }));
    }
  }

  async unpublishedBacklog(sample: number): Promise<{ unpublished: number; oldestStoredAt?: Date }> {
    const pending = await this.breaker.run(() =>
      this.orders.collection.find({ outboxPending: true }, { projection: { _id: 1, createdAt: 1 } }).sort({ createdAt: 1 }).limit(sample).toArray(),
    );
    const published = await this.publishedAmong(pending.map((order) => order._id.toHexString()));
    const unpublished = pending.filter((order) => !published.has(order._id.toHexString()));
    const oldestStoredAt = unpublished[0]?.createdAt as Date | undefined;
    if (pending.length < sample) return { unpublished: unpublished.length, oldestStoredAt };
    const total = await this.breaker.run(() => this.orders.collection.countDocuments({ outboxPending: true }));
    return { unpublished: total - published.size, oldestStoredAt };
  }

  /** Not yet published, or published and not yet processed. */
  countUnpublished(): Promise<number> {
    return this.breaker.run(() => this.orders.collection.countDocuments({ outboxPending: true, 'outbox.leaseUntil': { $lt: new Date() } }));
  }
}
