import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import { NamedCircuitBreaker } from '@app/common';
import { breakerConfig } from '@app/config';
import { BULK_LIMIT, existingIds, isMongoOutage, Order } from '@app/persistence';

export interface ProcessOutcome {
  /** Orders moved to PROCESSED by this call (the rest were already, or are missing). */
  processed: number;
  missing: Set<string>;
}

/** The worker's writes: compare-and-sets from PLACED to PROCESSED in bulk, through the `mongo` breaker. */
@Injectable()
export class ProcessedOrdersRepository implements OnApplicationShutdown {
  readonly breaker: NamedCircuitBreaker;

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @Inject(breakerConfig.KEY) breakers: ConfigType<typeof breakerConfig>,
  ) {
    this.breaker = new NamedCircuitBreaker('mongo', { ...breakers.mongo, isFailure: isMongoOutage });
  }

  /** After the consumer has stopped: a message in flight still needs the breaker. */
  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  /**
   * Applies PROCESSED once per order: a compare-and-set from PLACED, so a redelivered event
   * finds the status moved on and changes nothing. Answers which of the ids do not exist.
   */
  async markProcessed(orderids: string[], at: Date): Promise<ProcessOutcome> {
    const ids = [...new Set(orderids)].map((orderid) => new Types.ObjectId(orderid));
    const toProcessed = {
      // The event arrived, so it is published: the processor settles the outbox marker in the
      // same write, and is the only writer of the order once it is on Kafka.
      $set: { status: 'PROCESSED', processedAt: at, updatedAt: at, 'outbox.published': true, 'outbox.leaseUntil': new Date(0), outboxPending: false },
      $push: { statusHistory: { status: 'PROCESSED', at } },
    } as unknown as mongo.UpdateFilter<mongo.Document>;
    let processed = 0;
    for (let start = 0; start < ids.length; start += BULK_LIMIT) {
      const chunk = ids.slice(start, start + BULK_LIMIT);
      const result = await this.breaker.run(() =>
        this.orders.collection.bulkWrite(
          chunk.map((_id) => ({ updateOne: { filter: { _id, status: 'PLACED' }, update: toProcessed } })),
          { ordered: false, writeConcern: { w: 'majority' } },
        ),
      );
      processed += result.modifiedCount;
    }
    if (processed === ids.length) return { processed, missing: new Set() };
    // Already PROCESSED (a redelivery) or not there yet: only a lookup tells which.
    const found = await this.breaker.run(() => existingIds(this.orders.collection, ids));
    return { processed, missing: new Set(ids.map(String).filter((id) => !found.has(id))) };
  }
}
