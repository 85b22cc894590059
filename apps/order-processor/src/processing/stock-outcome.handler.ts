import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { paymentsConfig } from '@app/config';
import { BatchControl, BatchOutcome, batchOutcomeOf, IncomingEvent } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { DeadLetters } from './dead-letters';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessOrders } from './process-orders';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { OrderStatusChange } from './order-status-change';
import type { OrderMessage } from './status-write-retry';
import { describeRejection, parseStockOutcome, StockRejection } from './stock-outcome.parser';

/**
 * The catalog's answers on `catalog.stock`: StockRejected → REJECTED (nothing is charged);
 * StockReserved → PROCESSED only with payments off (else billing charges, and its
 * PaymentCaptured processes the order).
 */
@Injectable()
export class StockOutcomeHandler {
  constructor(
    private readonly processOrders: ProcessOrders,
    private readonly orders: ProcessedOrdersRepository,
    private readonly events: OrderStatusEventMapper,
    private readonly change: OrderStatusChange,
    private readonly deadLetters: DeadLetters,
    @Inject(paymentsConfig.KEY) private readonly payments: ConfigType<typeof paymentsConfig>,
  ) {}

  handle(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    return batchOutcomeOf(async () => {
      const reserved: OrderMessage[] = [];
      const rejections: OrderMessage<StockRejection>[] = [];
      for (const message of messages) {
        const parsed = parseStockOutcome(message.value);
        if (!parsed.ok) await this.deadLetters.send(message, parsed.reason, parsed.detail, control);
        else if (parsed.outcome.kind === 'reserved') {
          if (!this.payments.enabled) reserved.push({ message, order: parsed.outcome });
        }
        else rejections.push({ message, order: parsed.outcome });
      }
      await this.processOrders.handle(reserved, control);
      for (const rejection of rejections) await this.reject(rejection, control);
    });
  }

  /** PLACED → REJECTED with the catalog's reasons, then OrderRejected (also again after a redelivery). */
  private reject(rejection: OrderMessage<StockRejection>, control: BatchControl): Promise<void> {
    const reason = describeRejection(rejection.order.rejected);
    return this.change.apply(rejection, control, {
      what: 'mark an order rejected',
      announcing: 'emit OrderRejected',
      write: (at) => this.orders.markRejected(rejection.order.orderid, reason, at, this.payments.enabled ? 'CANCELLED' : undefined),
      announce: (outcome, at) => {
        if (outcome === 'rejected') orderStatusTransitions.inc({ to: 'REJECTED' });
        const payment = this.payments.enabled ? { status: 'CANCELLED' as const } : undefined;
        return outcome === 'moved-on' ? undefined : this.events.rejected(rejection.message, rejection.order, reason, at, payment);
      },
    });
  }
}
