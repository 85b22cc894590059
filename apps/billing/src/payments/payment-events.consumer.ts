import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topic } from '@app/contracts';
import { BatchConsumer, BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { parseOrderCancelled, parseOrderPlaced, parseProductEvent, parseStockOutcome } from './consumed-events.parser';
import { PaymentEventsService } from './payment-events.service';

/**
 * Thin adapter from the Kafka transport (group `billing-payments`) to PaymentEventsService:
 * orders placed and cancelled, the catalog's stock answers, and products withdrawn.
 */
@Controller()
export class PaymentEventsConsumer extends BatchConsumer {
  constructor(private readonly service: PaymentEventsService) {
    super();
  }

  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.service.handle(events, parseOrderPlaced, this.controlFor(context));
  }

  @EventPattern(Topic.CATALOG_STOCK)
  onStockOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.service.handle(events, parseStockOutcome, this.controlFor(context));
  }

  @EventPattern(Topic.ORDER_CANCELLED)
  onOrdersCancelled(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.service.handle(events, parseOrderCancelled, this.controlFor(context));
  }

  @EventPattern(Topic.CATALOG_PRODUCTS)
  onProducts(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.service.handle(events, parseProductEvent, this.controlFor(context));
  }
}
