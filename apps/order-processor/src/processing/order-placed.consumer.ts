import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer, BatchOutcome, EventBatchContext, IncomingEvent, PartitionLocks } from '@app/messaging';
import { Topic } from '@app/contracts';
import { OrderProcessingService } from './order-processing.service';

/**
 * Thin adapter from the Kafka transport (one partition's fetched batch at a time) to
 * OrderProcessingService. The transport commits past the batch only when this answers 'done'.
 * Every status change of an order happens here, and partition N of the three topics is handled
 * by one instance (CoPartitionedAssigner), one batch at a time: FerretDB's read-modify-write
 * updates never race on one order.
 */
@Controller()
export class OrderPlacedConsumer extends BatchConsumer {
  /** One batch of partition N at a time, whichever topic: one writer per order in this instance. */
  private readonly locks = new PartitionLocks();

  constructor(private readonly processing: OrderProcessingService) {
    super();
  }

  private handle(events: IncomingEvent[], context: EventBatchContext): Promise<BatchOutcome> {
    return this.locks.run(context.partition, () => this.processing.handleBatch(events, this.controlFor(context)));
  }

  // The topic's unprefixed name: the transport adds KAFKA_TOPIC_PREFIX from the app's config.
  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.handle(events, context);
  }

  /** Buyers' cancels, handed on by apps/orders: this worker is the one writer of order statuses. */
  @EventPattern(Topic.ORDER_CANCEL_REQUESTS)
  onCancelRequests(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.handle(events, context);
  }

  /** The catalog's answers to orders of its products: StockReserved → PROCESSED, StockRejected → REJECTED. */
  @EventPattern(Topic.CATALOG_STOCK)
  onStockOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.handle(events, context);
  }
}
