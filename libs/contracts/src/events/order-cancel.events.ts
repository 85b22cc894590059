/**
 * A buyer's cancel, version 1. OrderCancelRequested goes to `orders.cancel-requests` (from
 * apps/orders, after the owner asked); the order processor, the one writer of order statuses,
 * moves the order to CANCELLED and publishes OrderCancelled to `orders.cancelled`, on which the
 * catalog gives back what it reserved. Both keyed by order id.
 */
export const ORDER_CANCEL_REQUESTED_EVENT = 'OrderCancelRequested';
export const ORDER_CANCELLED_EVENT = 'OrderCancelled';
export const ORDER_CANCEL_SCHEMA_VERSION = 1;

export interface OrderCancelRequestedEventV1 {
  schemaVersion: typeof ORDER_CANCEL_SCHEMA_VERSION;
  type: typeof ORDER_CANCEL_REQUESTED_EVENT;
  eventId: string;
  occurredAt: string;
  order: { orderid: string; userid: string };
}

export interface OrderCancelledEventV1 {
  schemaVersion: typeof ORDER_CANCEL_SCHEMA_VERSION;
  type: typeof ORDER_CANCELLED_EVENT;
  /** `<order id>:cancelled`: an order is cancelled once. */
  eventId: string;
  occurredAt: string;
  order: { orderid: string; userid: string; status: 'CANCELLED' };
}
