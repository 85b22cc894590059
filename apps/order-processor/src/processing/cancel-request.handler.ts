import { Injectable } from '@nestjs/common';
import { BatchControl, BatchOutcome, batchOutcomeOf, IncomingEvent } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { parseCancelRequest } from './cancel-request.parser';
import { DeadLetters } from './dead-letters';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { OrderStatusChange } from './order-status-change';
import type { OrderMessage } from './status-write-retry';

/**
 * Buyers' cancels off `orders.cancel-requests`, handed on by apps/orders: PLACED or PROCESSED →
 * CANCELLED, then OrderCancelled, on which the catalog gives back the stock.
 */
@Injectable()
export class CancelRequestHandler {
  constructor(
    private readonly orders: ProcessedOrdersRepository,
    private readonly events: OrderStatusEventMapper,
    private readonly change: OrderStatusChange,
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
    return this.change.apply(request, control, {
      what: 'mark an order cancelled',
      announcing: 'emit OrderCancelled',
      write: (at) => this.orders.markCancelled(request.order.orderid, at),
      announce: (outcome, at) => {
        if (outcome === 'cancelled') orderStatusTransitions.inc({ to: 'CANCELLED' });
        return outcome === 'not-allowed' ? undefined : this.events.cancelled(request.message, request.order, at);
      },
    });
  }
}
