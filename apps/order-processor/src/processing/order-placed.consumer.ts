import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer, BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { Topic } from '@app/contracts';
import { OrderProcessingService } from './order-processing.service';

/**
 * Thin adapter from the Kafka transport (one partition's fetched batch at a time) to
 * OrderProcessingService. The transport commits past the batch only when this answers 'done'.
 */
@Controller()
export class OrderPlacedConsumer extends BatchConsumer {
  constructor(private readonly processing: OrderProcessingService) {
    super();
  }

  // The topic's unprefixed name: the transport adds KAFKA_TOPIC_PREFIX from the app's config.
  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.processing.handleBatch(events, this.controlFor(context));
  }

  /** The catalog's answers to orders of its products: StockReserved → PROCESSED, StockRejected → REJECTED. */
  @EventPattern(Topic.CATALOG_STOCK)
  onStockOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.processing.handleBatch(events, this.controlFor(context));
  }
}
