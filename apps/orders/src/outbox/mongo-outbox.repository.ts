import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import { BULK_LIMIT, existingIds, findByIds, isDuplicateKey, OrderDocument, StoreBreaker, toOrder } from '@app/persistence';
import { OutboxEntry, OutboxRepository, UnsettledOrder } from './outbox.repository';

const UNCLAIMED = new Date(0);
/** Insert-only record that an order's OrderPlaced reached Kafka (see recordPublished). */
const PUBLICATIONS = 'order_publications';
/** The relays' leases, one document per order a relay claimed or a publish gave back. */
const CLAIMS = 'order_outbox_claims';

interface ClaimDocument {
  _id: Types.ObjectId;
  leaseUntil: Date;
  leaseOwner: string;
  attempts: number;
}

function toUnsettled(document: OrderDocument): UnsettledOrder {
  return {
    order: toOrder(document),
    insertLeaseUntil: document.outbox.leaseUntil,
    ...(document.outbox.traceparent ? { traceparent: document.outbox.traceparent } : {}),
  };
}

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
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async publishedAmong(orderIds: string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const ids = orderIds.map((id) => new Types.ObjectId(id));
    return this.breaker.run(() => existingIds(this.orders.db.collection(PUBLICATIONS), ids));
  }

  async publicationsAmong(orderIds: string[]): Promise<Map<string, Date>> {
    if (orderIds.length === 0) return new Map();
    const ids = orderIds.map((id) => new Types.ObjectId(id));
    const found = await this.breaker.run(() => findByIds(this.orders.db.collection(PUBLICATIONS), ids, { publishedAt: 1 }));
    return new Map([...found].map(([id, record]) => [id, record.publishedAt as Date]));
  }

  /** The publication record's time, not the order: written by the orders app alone. */
  async recordReannounced(orderIds: string[], at: Date): Promise<void> {
    for (let start = 0; start < orderIds.length; start += BULK_LIMIT) {
      const bulk = orderIds.slice(start, start + BULK_LIMIT).map((id) => ({ updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $set: { publishedAt: at } } } }));
      await this.breaker.run(() => this.orders.db.collection(PUBLICATIONS).bulkWrite(bulk, { ordered: false }));
    }
  }

  async prune(before: Date): Promise<number> {
    const [publications, claims] = await Promise.all([
      this.breaker.run(() => this.orders.db.collection(PUBLICATIONS).deleteMany({ publishedAt: { $lt: before } })),
      this.breaker.run(() => this.orders.db.collection<ClaimDocument>(CLAIMS).deleteMany({ leaseUntil: { $lt: before } })),
    ]);
    return publications.deletedCount + claims.deletedCount;
  }

  countOverdue(placedBefore: Date): Promise<number> {
    return this.breaker.run(() => this.orders.collection.countDocuments({ outboxPending: true, createdAt: { $lt: placedBefore } }));
  }

  async findUnsettled(olderThan: Date, limit: number, after?: Date): Promise<UnsettledOrder[]> {
    const createdAt: Record<string, Date> = { $lte: olderThan };
    if (after) createdAt.$gt = after;
    const found = await this.breaker.run(() =>
      this.orders.collection.find({ outboxPending: true, createdAt }).sort({ createdAt: 1 }).limit(limit).toArray(),
    );
    return (found as OrderDocument[]).map(toUnsettled);
  }

  async claim(orderId: string, owner: string, leaseMs: number): Promise<OutboxEntry | null> {
    const order = (await this.breaker.run(() => this.orders.collection.findOne({ _id: new Types.ObjectId(orderId), outboxPending: true }))) as OrderDocument | null;
    return order ? this.claimUnsettled(toUnsettled(order), owner, leaseMs) : null;
  }

  /**
   * Takes the order's lease in a collection of its own, never writing the order: FerretDB
   * applies an update as read-modify-write of the whole document, so a lease written into the
   * order while the processor moved it to PROCESSED could write PLACED back over it (seen in the
   * cluster's leader-kill scenario). The claim is a compare-and-set on a lapsed lease: one
   * command per order (on FerretDB the compare is not atomic; consumers are idempotent for that
   * case). While the lease the order was inserted with holds, only a claim document can have
   * lapsed (a failed publish gave it back), so no upsert; after it, the upsert's duplicate key
   * means someone else holds the claim.
   */
  async claimUnsettled(candidate: UnsettledOrder, owner: string, leaseMs: number): Promise<OutboxEntry | null> {
    const now = new Date();
    return this.takeLease(candidate, owner, { leaseUntil: { $lt: now } }, now, leaseMs, candidate.insertLeaseUntil < now);
  }

  async claimReleased(candidate: UnsettledOrder, owner: string, leaseMs: number): Promise<OutboxEntry | null> {
    return this.takeLease(candidate, owner, { leaseUntil: UNCLAIMED }, new Date(), leaseMs, false);
  }

  private async takeLease(candidate: UnsettledOrder, owner: string, lease: mongo.Filter<ClaimDocument>, now: Date, leaseMs: number, upsert: boolean): Promise<OutboxEntry | null> {
    const claims = this.orders.db.collection<ClaimDocument>(CLAIMS);
    try {
      const result = await this.breaker.run(() =>
        claims.updateOne(
          { _id: new Types.ObjectId(candidate.order.id), ...lease },
          { $set: { leaseUntil: new Date(now.getTime() + leaseMs), leaseOwner: owner }, $inc: { attempts: 1 } },
          { upsert },
        ),
      );
      if (result.modifiedCount + result.upsertedCount === 0) return null;
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
    return { order: candidate.order, ...(candidate.traceparent ? { traceparent: candidate.traceparent } : {}) };
  }

  /**
   * Sets the owner's leases to lapsed, in the claims collection (see claim). A publish that
   * failed on the request path holds the lease its order was inserted with and has no claim
   * document yet; the upsert writes one. A claim another owner has taken since is left alone:
   * its filter misses and the upsert's insert is a duplicate key.
   */
  async releaseClaims(orderIds: string[], owner: string): Promise<void> {
    const claims = this.orders.db.collection<ClaimDocument>(CLAIMS);
    // By `_id` equality, which FerretDB serves from an index; it would scan for `$in`.
    for (let start = 0; start < orderIds.length; start += BULK_LIMIT) {
      const bulk = orderIds.slice(start, start + BULK_LIMIT).map((id) => ({
        updateOne: {
          filter: { _id: new Types.ObjectId(id), leaseOwner: owner },
          update: { $set: { leaseUntil: UNCLAIMED }, $setOnInsert: { attempts: 1 } },
          upsert: true,
        },
      }));
      try {
        await this.breaker.run(() => claims.bulkWrite(bulk, { ordered: false }));
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
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

  /**
   * Orders still unsettled after the lease they were inserted with: not yet published, or
   * published and not yet processed. Orders within it are left out, the request path's publish
   * is still theirs; a relay's lease is not looked up, as that takes a read per order.
   */
  countUnpublished(): Promise<number> {
    return this.breaker.run(() => this.orders.collection.countDocuments({ outboxPending: true, 'outbox.leaseUntil': { $lt: new Date() } }));
  }
}
