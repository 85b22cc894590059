import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import { canMove, OrderStatus, statusesBefore } from '@app/domain';
import { BULK_LIMIT, findByIds, OrderDocument, settledOutboxMarker, StoreBreaker } from '@app/persistence';
import { CancelOutcome, CapturedPayment, ProcessedOrdersRepository, ProcessOutcome, RefundOutcome, RejectOutcome } from './processed-orders.repository';

/** Compare-and-sets from PLACED to PROCESSED in bulk, through the store breaker. */
@Injectable()
export class MongoProcessedOrdersRepository extends ProcessedOrdersRepository {
  constructor(
    @InjectModel(OrderDocument.name) private readonly orders: Model<OrderDocument>,
    private readonly breaker: StoreBreaker,
  ) {
    super();
  }

  async markProcessed(orderIds: string[], at: Date, payments?: ReadonlyMap<string, CapturedPayment>): Promise<ProcessOutcome> {
    const ids = [...new Set(orderIds)].map((orderId) => new Types.ObjectId(orderId));
    // One status before PROCESSED today; an equality filter, which FerretDB pushes down ($in it would not).
    const [from] = statusesBefore('PROCESSED');
    const toProcessed = {
      // The event arrived: this write settles the outbox marker too (the OrderPlaced contract).
      $set: { status: 'PROCESSED', processedAt: at, updatedAt: at, ...settledOutboxMarker() },
      $push: { statusHistory: { status: 'PROCESSED', at } },
    } as unknown as mongo.UpdateFilter<mongo.Document>;
    let processed = 0;
    for (let start = 0; start < ids.length; start += BULK_LIMIT) {
      const chunk = ids.slice(start, start + BULK_LIMIT);
      const result = await this.breaker.run(() =>
        this.orders.collection.bulkWrite(
          chunk.map((_id) => ({ updateOne: { filter: { _id, status: from }, update: withPayment(toProcessed, payments?.get(_id.toHexString())) } })),
          { ordered: false, writeConcern: { w: 'majority' } },
        ),
      );
      processed += result.modifiedCount;
    }
    if (processed === ids.length) return { processed, missing: new Set(), movedOn: new Set() };
    // Already PROCESSED (a redelivery), moved on past it (cancelled first) or not there yet:
    // only a lookup tells which.
    const found = await this.breaker.run(() => findByIds(this.orders.collection, ids, { status: 1 }));
    const missing = new Set<string>();
    const movedOn = new Set<string>();
    for (const id of ids.map(String)) {
      const status = found.get(id)?.status as OrderStatus | undefined;
      if (status === undefined) missing.add(id);
      // Written by this call, or by an earlier delivery: PROCESSED either way.
      else if (status !== 'PROCESSED') movedOn.add(id);
    }
    return { processed, missing, movedOn };
  }

  async markRejected(orderId: string, reason: string, at: Date, paymentStatus?: 'DECLINED' | 'CANCELLED'): Promise<RejectOutcome> {
    const _id = new Types.ObjectId(orderId);
    const [from] = statusesBefore('REJECTED');
    const result = await this.breaker.run(() =>
      this.orders.collection.updateOne(
        { _id, status: from },
        {
          $set: { status: 'REJECTED', updatedAt: at, ...settledOutboxMarker(), ...(paymentStatus && { 'payment.status': paymentStatus }) },
          $push: { statusHistory: { status: 'REJECTED', at, reason } },
        } as unknown as mongo.UpdateFilter<mongo.Document>,
        { writeConcern: { w: 'majority' } },
      ),
    );
    if (result.modifiedCount === 1) return 'rejected';
    const current = await this.breaker.run(() => this.orders.collection.findOne({ _id }, { projection: { status: 1 } }));
    if (!current) return 'missing';
    return current.status === 'REJECTED' ? 'already-rejected' : 'moved-on';
  }

  async markRefunded(orderId: string, totalRefundedMinor: number, at: Date, reason?: string): Promise<RefundOutcome> {
    const _id = new Types.ObjectId(orderId);
    const current = await this.breaker.run(() => this.orders.collection.findOne({ _id }, { projection: { status: 1, payment: 1 } }));
    if (!current) return 'missing';
    const payment = { 'payment.status': 'REFUNDED', 'payment.refundedMinor': totalRefundedMinor };
    const toRefunded = reason !== undefined && canMove(current.status as OrderStatus, 'REFUNDED');
    const update = toRefunded
      ? { $set: { status: 'REFUNDED', updatedAt: at, ...payment }, $push: { statusHistory: { status: 'REFUNDED', at, reason } } }
      : { $set: { updatedAt: at, ...payment } };
    const result = await this.breaker.run(() =>
      this.orders.collection.updateOne({ _id, status: current.status }, update as unknown as mongo.UpdateFilter<mongo.Document>, { writeConcern: { w: 'majority' } }),
    );
    if (result.matchedCount === 0) return this.markRefunded(orderId, totalRefundedMinor, at, reason);
    return toRefunded ? 'refunded' : `recorded:${current.status as OrderStatus}`;
  }

  async markCancelled(orderId: string, at: Date): Promise<CancelOutcome> {
    const _id = new Types.ObjectId(orderId);
    // The order's one writer reads, then writes from the status it read (FerretDB would not push
    // `status: {$in}` down; the equality keeps the write a compare-and-set all the same).
    const current = await this.breaker.run(() => this.orders.collection.findOne({ _id }, { projection: { status: 1, payment: 1 } }));
    if (!current) return 'missing';
    if (current.status === 'CANCELLED') return 'already-cancelled';
    if (!canMove(current.status as OrderStatus, 'CANCELLED')) return 'not-allowed';
    const result = await this.breaker.run(() =>
      this.orders.collection.updateOne(
        { _id, status: current.status },
        {
          // Nothing was taken yet: the payment ends CANCELLED (a charge that raced is refunded later).
          $set: { status: 'CANCELLED', updatedAt: at, ...settledOutboxMarker(), ...(current.payment?.status === 'PENDING' && { 'payment.status': 'CANCELLED' }) },
          $push: { statusHistory: { status: 'CANCELLED', at } },
        } as unknown as mongo.UpdateFilter<mongo.Document>,
        { writeConcern: { w: 'majority' } },
      ),
    );
    return result.modifiedCount === 1 ? 'cancelled' : this.markCancelled(orderId, at);
  }
}

/** PROCESSED with what billing charged, when it did. */
function withPayment(update: mongo.UpdateFilter<mongo.Document>, payment: CapturedPayment | undefined): mongo.UpdateFilter<mongo.Document> {
  if (!payment) return update;
  const captured = { status: 'CAPTURED', amountMinor: payment.amountMinor, currency: payment.currency, refundedMinor: 0 };
  return { ...update, $set: { ...(update.$set as object), payment: captured } } as mongo.UpdateFilter<mongo.Document>;
}
