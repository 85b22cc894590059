import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topic } from '@app/contracts';
import { BatchConsumer, BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { parseReleasingPayment } from './placed-order.parser';
import { ReservationsService } from './reservations.service';

/** Thin adapter from the Kafka transport (group `catalog-reservations`: orders placed and cancelled, payments declined or refunded) to ReservationsService. */
@Controller()
export class PlacedOrdersConsumer extends BatchConsumer {
  constructor(private readonly reservations: ReservationsService) {
    super();
  }

  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.reservations.handleBatch(events, this.controlFor(context));
  }

  @EventPattern(Topic.ORDER_CANCELLED)
  onOrdersCancelled(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.reservations.releaseBatch(events, this.controlFor(context));
  }

  @EventPattern(Topic.BILLING_PAYMENTS)
  onPaymentOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.reservations.releaseBatch(events, this.controlFor(context), parseReleasingPayment);
  }
}
