import { DeadLetterReason, ORDER_CANCEL_REQUESTED_EVENT, ORDER_CANCEL_SCHEMA_VERSION } from '@app/contracts';
import type { PlacedOrderRef } from './order-placed.parser';

export type ParsedCancelRequest = { ok: true; order: PlacedOrderRef } | { ok: false; reason: DeadLetterReason; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** An OrderCancelRequested v1 off `orders.cancel-requests`; anything else is poison. */
export function parseCancelRequest(value: unknown): ParsedCancelRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'NOT_JSON', detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== ORDER_CANCEL_SCHEMA_VERSION) {
    return { ok: false, reason: 'UNKNOWN_SCHEMA_VERSION', detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  }
  if (event.type !== ORDER_CANCEL_REQUESTED_EVENT) return { ok: false, reason: 'INVALID_EVENT', detail: `type must be ${ORDER_CANCEL_REQUESTED_EVENT}` };
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return { ok: false, reason: 'INVALID_EVENT', detail: 'order.orderid must be a 24-character hex id' };
  if (typeof order.userid !== 'string' || order.userid.length === 0) return { ok: false, reason: 'INVALID_EVENT', detail: 'order.userid is missing' };
  return { ok: true, order: { orderid: order.orderid, userid: order.userid } };
}
