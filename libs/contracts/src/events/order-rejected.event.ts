import type { OrderPaymentV1 } from './order-refunded.event';
import type { StockRejectedLineV1 } from './stock.events';

/** OrderRejected, version 1: published to `orders.rejected`, keyed by order id, after the order is REJECTED. */
export const ORDER_REJECTED_EVENT = 'OrderRejected';
export const ORDER_REJECTED_SCHEMA_VERSION = 1;

export interface OrderRejectedEventV1 {
  schemaVersion: typeof ORDER_REJECTED_SCHEMA_VERSION;
  type: typeof ORDER_REJECTED_EVENT;
  eventId: string;
  occurredAt: string;
  /** payment (added within v1): DECLINED, or CANCELLED when nothing was taken; absent when payments are off. */
  order: { orderid: string; userid: string; status: 'REJECTED'; reason: string; rejected: StockRejectedLineV1[]; payment?: OrderPaymentV1 };
}
