import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo, Types } from 'mongoose';
import { NamedCircuitBreaker } from '@app/common';
import { breakerConfig } from '@app/config';
import { isMongoOutage, Order } from '@app/persistence';

export type ProcessOutcome = 'processed' | 'already-processed' | 'missing';

/** The worker's writes: a compare-and-set from PLACED to PROCESSED, through the `mongo` breaker. */
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

  /** Applies PROCESSED once: a redelivered event finds the status moved on and changes nothing. */
  async markProcessed(orderid: string, at: Date): Promise<ProcessOutcome> {
    const _id = new Types.ObjectId(orderid);
    const toProcessed = {
      // The event arrived, so it is published: the processor settles the outbox marker in the
      // same write, and is the only writer of the order once it is on Kafka.
      $set: { status: 'PROCESSED', processedAt: at, updatedAt: at, 'outbox.published': true, 'outbox.leaseUntil': new Date(0) },
      $push: { statusHistory: { status: 'PROCESSED', at } },
    } as unknown as mongo.UpdateFilter<mongo.Document>;
    const result = await this.breaker.run(() =>
      this.orders.collection.updateOne({ _id, status: 'PLACED' }, toProcessed, { writeConcern: { w: 'majority' } }),
    );
    if (result.modifiedCount === 1) return 'processed';
    const existing = await this.breaker.run(() => this.orders.collection.findOne({ _id }, { projection: { status: 1 } }));
    return existing ? 'already-processed' : 'missing';
  }
}
