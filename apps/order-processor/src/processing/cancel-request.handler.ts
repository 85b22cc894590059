import { Injectable } from '@nestjs/common';
import { BatchControl, BatchOutcome, batchOutcomeOf, EventPublisher, IncomingEvent } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { parseCancelRequest } from './cancel-request.parser';
import { DeadLetters } from './dead-letters';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { OrderMessage, StatusWriteRetry } from './status-write-retry';

/**
 * Buyers' cancels off `orders.cancel-requests`, handed on by apps/orders: PLACED or PROCESSED →
 * CANCELLED, then OrderCancelled, on which the catalog gives back the stock.
 */
@Injectable()
export class CancelRequestHandler {
  constructor(
    private readonly orders: ProcessedOrdersRepository,
    private readonly publisher: EventPublisher,
    private readonly events: OrderStatusEventMapper,
    private readonly retry: StatusWriteRetry,
    private readonly deadLetters: DeadLetters,
  ) {}

  handle(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    return batchOutcomeOf(async () => {
      for (const message of messages) {
        const parsed = parseCancelRequest(message.value);
        if (parsed.ok) await this.cancel({ message, order: parsed.order }, control);
        else await this.deadLetters.send(message, parsed.reason, parsed.detail, control);
      }
    });
  }

  private cancel(request: OrderMessage, control: BatchControl): Promise<void> {
    return this.retry.untilFound([request], control, async () => {
      const at = new Date();
      const result = await this.retry.retrying('mark an order cancelled', control, () => this.orders.markCancelled(request.order.orderid, at));
      if (result === 'missing') return [request];
      if (result === 'cancelled') orderStatusTransitions.inc({ to: 'CANCELLED' });
      if (result !== 'not-allowed') {
        const event = this.events.cancelled(request.message, request.order, at);
        await this.retry.retrying('emit OrderCancelled', control, () => this.publisher.publish([event]));
      }
      return [];
    });
  }
}
