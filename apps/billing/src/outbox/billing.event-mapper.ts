import type { PoolClient } from 'pg';
import {
  PAYMENT_CAPTURED_EVENT,
  PAYMENT_DECLINED_EVENT,
  PAYMENT_EVENTS_SCHEMA_VERSION,
  PAYMENT_REFUNDED_EVENT,
  PaymentCapturedEventV1,
  PaymentDeclinedEventV1,
  PaymentEventV1,
  PaymentFailure,
  PaymentRefundedEventV1,
  RefundCause,
  Topic,
} from '@app/contracts';

export interface OrderRef {
  orderId: string;
  userId: string;
}

/** Billing's events (PaymentCaptured, PaymentDeclined, PaymentRefunded v1), keyed by order. */
export const billingEvents = {
  captured(order: OrderRef, amountMinor: number, currency: string, providerId: string, at: Date): PaymentCapturedEventV1 {
    return {
      ...base(order, `${order.orderId}:captured`, at),
      type: PAYMENT_CAPTURED_EVENT,
      payment: { amountMinor, currency, providerId },
    };
  },

  declined(order: OrderRef, reason: PaymentFailure, currency: string, message: string, at: Date, declineCode?: string): PaymentDeclinedEventV1 {
    return {
      ...base(order, `${order.orderId}:declined`, at),
      type: PAYMENT_DECLINED_EVENT,
      payment: { reason, ...(declineCode && { declineCode }), message, currency },
    };
  },

  refunded(
    order: OrderRef,
    refund: { compensationId: string; cause: RefundCause; refundedMinor: number; totalRefundedMinor: number; currency: string; providerId: string; productId?: string },
    at: Date,
  ): PaymentRefundedEventV1 {
    const { compensationId, ...payment } = refund;
    return {
      ...base(order, `${order.orderId}:refunded:${compensationId}`, at),
      type: PAYMENT_REFUNDED_EVENT,
      payment: JSON.parse(JSON.stringify(payment)) as PaymentRefundedEventV1["payment"],
    };
  },
};

function base(order: OrderRef, eventId: string, at: Date) {
  return { schemaVersion: PAYMENT_EVENTS_SCHEMA_VERSION as typeof PAYMENT_EVENTS_SCHEMA_VERSION, eventId, occurredAt: at.toISOString(), order: { orderid: order.orderId, userid: order.userId } };
}

/** Writes the event into billing's outbox, inside the caller's transaction. */
export async function enqueue(client: PoolClient, event: PaymentEventV1, traceparent?: string): Promise<void> {
  await client.query('INSERT INTO billing_outbox (topic, message_key, event_type, payload, traceparent) VALUES ($1, $2, $3, $4, $5)', [
    Topic.BILLING_PAYMENTS,
    event.order.orderid,
    event.type,
    JSON.stringify(event),
    traceparent ?? null,
  ]);
}
