/**
 * OrderRefunded, version 1: published to `orders.refunded`, keyed by order id, by the order
 * processor once it has recorded a refund of the order's payment. `status` is the order's status
 * after it: REFUNDED when a product was withdrawn, else the status it was in (CANCELLED, say).
 */
export const ORDER_REFUNDED_EVENT = 'OrderRefunded';
export const ORDER_REFUNDED_SCHEMA_VERSION = 1;

/** An order's payment as its events carry it (added within v1 to OrderProcessed and OrderRejected too). */
export interface OrderPaymentV1 {
  status: 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'CANCELLED';
  /** Minor units; absent when the event does not know it (a decline). */
  amountMinor?: number;
  refundedMinor?: number;
  currency?: string;
}

export interface OrderRefundedEventV1 {
  schemaVersion: typeof ORDER_REFUNDED_SCHEMA_VERSION;
  type: typeof ORDER_REFUNDED_EVENT;
  /** `<order id>:refunded:<refunded so far>`: once per refund. */
  eventId: string;
  occurredAt: string;
  order: { orderid: string; userid: string; status: string; reason?: string; payment: OrderPaymentV1 };
}
