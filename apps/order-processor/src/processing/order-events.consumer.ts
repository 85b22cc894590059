import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer, BatchControl, BatchOutcome, EventBatchContext, IncomingEvent, PartitionLocks } from '@app/messaging';
import { Topic } from '@app/contracts';
import { CancelRequestHandler } from './cancel-request.handler';
import { OrderPlacedHandler } from './order-placed.handler';
import { PaymentOutcomeHandler } from './payment-outcome.handler';
import { StockOutcomeHandler } from './stock-outcome.handler';

/**
 * Thin adapter from the Kafka transport (one partition's fetched batch at a time) to the
 * handler of each topic's event. The transport commits past the batch only when the handler
 * answers 'done'. Every status change of an order happens here, and partition N of the four
 * topics is handled by one instance (CoPartitionedAssigner), one batch at a time: FerretDB's
 * read-modify-write updates never race on one order.
 */
@Controller()
export class OrderEventsConsumer extends BatchConsumer {
  /** One batch of partition N at a time, whichever topic: one writer per order in this instance. */
  private readonly locks = new PartitionLocks();

  constructor(
    private readonly placed: OrderPlacedHandler,
    private readonly stockOutcomes: StockOutcomeHandler,
    private readonly cancelRequests: CancelRequestHandler,
    private readonly paymentOutcomes: PaymentOutcomeHandler,
  ) {
    super();
  }

  private locked(context: EventBatchContext, handle: (control: BatchControl) => Promise<BatchOutcome>): Promise<BatchOutcome> {
    return this.locks.run(context.partition, () => handle(this.controlFor(context)));
  }

  // The topic's unprefixed name: the transport adds KAFKA_TOPIC_PREFIX from the app's config.
  @EventPattern(Topic.ORDER_PLACED)
  onOrdersPlaced(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.locked(context, (control) => this.placed.handle(events, control));
  }

  @EventPattern(Topic.ORDER_CANCEL_REQUESTS)
  onCancelRequests(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.locked(context, (control) => this.cancelRequests.handle(events, control));
  }

  @EventPattern(Topic.BILLING_PAYMENTS)
  onPaymentOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.locked(context, (control) => this.paymentOutcomes.handle(events, control));
  }

  @EventPattern(Topic.CATALOG_STOCK)
  onStockOutcomes(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.locked(context, (control) => this.stockOutcomes.handle(events, control));
  }
}
