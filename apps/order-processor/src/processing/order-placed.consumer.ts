import { Controller, OnModuleDestroy } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { Topic } from '@app/contracts';
import { OrderProcessingService } from './order-processing.service';

/**
 * Thin adapter from the Kafka transport (one partition's fetched batch at a time) to
 * OrderProcessingService. The transport commits past the batch only when this answers 'done'.
 */
@Controller()
export class OrderPlacedConsumer implements OnModuleDestroy {
  private stopping = false;

  constructor(private readonly processing: OrderProcessingService) {}

  // The topic's unprefixed name: the transport adds KAFKA_TOPIC_PREFIX from the app's config.
  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.processing.handleBatch(events, { stopping: () => this.stopping, heartbeat: context.heartbeat });
  }

  /** Runs before the consumer disconnects: handlers waiting out a retry give up at once. */
  onModuleDestroy(): void {
    this.stopping = true;
  }
}
