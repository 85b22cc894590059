import type { OrderPaymentV1 } from './order-refunded.event';

/** OrderProcessed, version 1: published to `orders.processed`, keyed by order id, after the order is PROCESSED. */
export const ORDER_PROCESSED_EVENT = 'OrderProcessed';
export const ORDER_PROCESSED_SCHEMA_VERSION = 1;

export interface OrderProcessedEventV1 {
  schemaVersion: typeof ORDER_PROCESSED_SCHEMA_VERSION;
  type: typeof ORDER_PROCESSED_EVENT;
  eventId: string;
  occurredAt: string;
  /** payment: what billing charged (added within v1; absent when payments are off). */
  order: { orderid: string; userid: string; status: 'PROCESSED'; processedAt: string; payment?: OrderPaymentV1 };
}
