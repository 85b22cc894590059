import { Injectable } from '@nestjs/common';
import { BatchControl, BatchOutcome, batchOutcomeOf, IncomingEvent } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { DeadLetters } from './dead-letters';
import { OrderStatusChange } from './order-status-change';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { describePaymentFailure, parsePaymentOutcome, PaymentOutcome } from './payment-outcome.parser';
import { ProcessOrders } from './process-orders';
import { CapturedPayment, ProcessedOrdersRepository } from './processed-orders.repository';
import type { OrderMessage } from './status-write-retry';

type Declined = Extract<PaymentOutcome, { kind: 'declined' }>;
type Refunded = Extract<PaymentOutcome, { kind: 'refunded' }>;

/**
 * Billing's outcomes on `billing.payments`: PaymentCaptured → PROCESSED (with the payment),
 * PaymentDeclined → REJECTED (PAYMENT_DECLINED or PAYMENT_UNAVAILABLE), PaymentRefunded → the
 * payment's refund recorded, and a paid order whose product was withdrawn → REFUNDED.
 */
@Injectable()
export class PaymentOutcomeHandler {
  constructor(
    private readonly processOrders: ProcessOrders,
    private readonly orders: ProcessedOrdersRepository,
    private readonly events: OrderStatusEventMapper,
    private readonly change: OrderStatusChange,
    private readonly deadLetters: DeadLetters,
  ) {}

  handle(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    return batchOutcomeOf(async () => {
      const captured: OrderMessage[] = [];
      const payments = new Map<string, CapturedPayment>();
      const others: OrderMessage<Declined | Refunded>[] = [];
      for (const message of messages) {
        const parsed = parsePaymentOutcome(message.value);
        if (!parsed.ok) await this.deadLetters.send(message, parsed.reason, parsed.detail, control);
        else if (parsed.outcome.kind === 'captured') {
          captured.push({ message, order: parsed.outcome });
          payments.set(parsed.outcome.orderid, { amountMinor: parsed.outcome.amountMinor, currency: parsed.outcome.currency });
        } else others.push({ message, order: parsed.outcome });
      }
      await this.processOrders.handle(captured, control, payments);
      for (const outcome of others) {
        if (outcome.order.kind === 'declined') await this.reject(outcome as OrderMessage<Declined>, control);
        else await this.refund(outcome as OrderMessage<Refunded>, control);
      }
    });
  }

  /** PLACED → REJECTED with billing's reason, then OrderRejected (the catalog gives the stock back on the PaymentDeclined itself). */
  private reject(declined: OrderMessage<Declined>, control: BatchControl): Promise<void> {
    const reason = describePaymentFailure(declined.order);
    return this.change.apply(declined, control, {
      what: 'mark an order rejected',
      announcing: 'emit OrderRejected',
      write: (at) => this.orders.markRejected(declined.order.orderid, reason, at, 'DECLINED'),
      announce: (outcome, at) => {
        if (outcome === 'rejected') orderStatusTransitions.inc({ to: 'REJECTED' });
        if (outcome === 'moved-on') return undefined;
        return this.events.rejected(declined.message, { ...declined.order, kind: 'rejected', rejected: [] }, reason, at, { status: 'DECLINED' });
      },
    });
  }

  /** The refund recorded in the order; a withdrawn product's order becomes REFUNDED. Then OrderRefunded (buyers' pages hear it). */
  private refund(refunded: OrderMessage<Refunded>, control: BatchControl): Promise<void> {
    const { order } = refunded;
    const reason = order.cause === 'PRODUCT_WITHDRAWN' ? `PRODUCT_WITHDRAWN${order.productId ? `: ${order.productId}` : ''}` : undefined;
    return this.change.apply(refunded, control, {
      what: 'record a refund',
      announcing: 'emit OrderRefunded',
      write: (at) => this.orders.markRefunded(order.orderid, order.totalRefundedMinor, at, reason),
      announce: (outcome, at) => {
        if (outcome === 'refunded') orderStatusTransitions.inc({ to: 'REFUNDED' });
        const payment = { status: 'REFUNDED' as const, refundedMinor: order.totalRefundedMinor, ...(order.currency && { currency: order.currency }) };
        const status = outcome === 'refunded' ? 'REFUNDED' : outcome.slice('recorded:'.length);
        return this.events.refunded(refunded.message, order, status, payment, at, outcome === 'refunded' ? reason : undefined);
      },
    });
  }
}
