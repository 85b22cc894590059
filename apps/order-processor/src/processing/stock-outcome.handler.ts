import { Injectable } from '@nestjs/common';
import { BatchControl, BatchOutcome, batchOutcomeOf, EventPublisher, IncomingEvent } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { DeadLetters } from './dead-letters';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessOrders } from './process-orders';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { OrderMessage, StatusWriteRetry } from './status-write-retry';
import { describeRejection, parseStockOutcome, StockRejection } from './stock-outcome.parser';

/** The catalog's answers on `catalog.stock`: StockReserved → PROCESSED, StockRejected → REJECTED. */
@Injectable()
export class StockOutcomeHandler {
  constructor(
    private readonly processOrders: ProcessOrders,
    private readonly orders: ProcessedOrdersRepository,
    private readonly publisher: EventPublisher,
    private readonly events: OrderStatusEventMapper,
    private readonly retry: StatusWriteRetry,
    private readonly deadLetters: DeadLetters,
  ) {}

  handle(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    return batchOutcomeOf(async () => {
      const reserved: OrderMessage[] = [];
      const rejections: OrderMessage<StockRejection>[] = [];
      for (const message of messages) {
        const parsed = parseStockOutcome(message.value);
        if (!parsed.ok) await this.deadLetters.send(message, parsed.reason, parsed.detail, control);
        else if (parsed.outcome.kind === 'reserved') reserved.push({ message, order: parsed.outcome });
        else rejections.push({ message, order: parsed.outcome });
      }
      await this.processOrders.handle(reserved, control);
      for (const rejection of rejections) await this.reject(rejection, control);
    });
  }

  /** PLACED → REJECTED with the catalog's reasons, then OrderRejected (also again after a redelivery). */
  private reject(rejection: OrderMessage<StockRejection>, control: BatchControl): Promise<void> {
    const reason = describeRejection(rejection.order.rejected);
    return this.retry.untilFound([rejection], control, async () => {
      const at = new Date();
      const result = await this.retry.retrying('mark an order rejected', control, () => this.orders.markRejected(rejection.order.orderid, reason, at));
      if (result === 'missing') return [rejection];
      if (result === 'rejected') orderStatusTransitions.inc({ to: 'REJECTED' });
      if (result !== 'moved-on') {
        const event = this.events.rejected(rejection.message, rejection.order, reason, at);
        await this.retry.retrying('emit OrderRejected', control, () => this.publisher.publish([event]));
      }
      return [];
    });
  }
}
