import { DeadLetterReason, ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION } from '@app/contracts';

export interface PlacedOrderRef {
  orderid: string;
  userid: string;
}

/** `catalog`: its items name catalog products, so the catalog's answer on catalog.stock settles it. */
export type PlacedOrder = PlacedOrderRef & { catalog: boolean };

export type ParsedOrderPlaced =
  | { ok: true; order: PlacedOrder }
  | { ok: false; reason: DeadLetterReason; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Checks an OrderPlaced value as it came off the topic; anything it cannot vouch for is poison. */
export function parseOrderPlaced(value: unknown): ParsedOrderPlaced {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'NOT_JSON', detail: 'value is not a JSON object' };
  }
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== ORDER_PLACED_SCHEMA_VERSION) {
    return { ok: false, reason: 'UNKNOWN_SCHEMA_VERSION', detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  }
  if (event.type !== ORDER_PLACED_EVENT) {
    return { ok: false, reason: 'INVALID_EVENT', detail: `type must be ${ORDER_PLACED_EVENT}` };
  }
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order !== 'object') return { ok: false, reason: 'INVALID_EVENT', detail: 'order is missing' };
  if (typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) {
    return { ok: false, reason: 'INVALID_EVENT', detail: 'order.orderid must be a 24-character hex id' };
  }
  if (typeof order.userid !== 'string' || order.userid.length === 0) {
    return { ok: false, reason: 'INVALID_EVENT', detail: 'order.userid is missing' };
  }
  // What billing charges: an order without items or a cost is no order (billing refuses it too).
  if (!Array.isArray(order.orderitems) || order.orderitems.length === 0) {
    return { ok: false, reason: 'INVALID_EVENT', detail: 'order.orderitems must be a non-empty list' };
  }
  if (!Number.isSafeInteger(order.costMinor) || (order.costMinor as number) < 1) {
    return { ok: false, reason: 'INVALID_EVENT', detail: 'order.costMinor must be a positive integer' };
  }
  const items = order.orderitems as unknown[];
  const catalog = items.some((item) => item !== null && typeof item === 'object' && 'productId' in item);
  return { ok: true, order: { orderid: order.orderid, userid: order.userid, catalog } };
}
