import {
  ORDER_CANCEL_SCHEMA_VERSION,
  ORDER_CANCELLED_EVENT,
  ORDER_PLACED_EVENT,
  ORDER_PLACED_SCHEMA_VERSION,
  PAYMENT_DECLINED_EVENT,
  PAYMENT_EVENTS_SCHEMA_VERSION,
  PAYMENT_REFUNDED_EVENT,
  StockLineV1,
} from '@app/contracts';

/** What the catalog needs of an OrderPlaced: the order and its catalog lines. */
export interface PlacedCatalogOrder {
  orderId: string;
  userId: string;
  lines: StockLineV1[];
}

export type ParsedPlacedOrder =
  | { ok: true; order: PlacedCatalogOrder | null }
  | { ok: false; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An OrderPlaced v1 off `orders.placed`. `order: null` for an order without catalog products
 * (client-priced: nothing to reserve). Anything it cannot vouch for is refused, never guessed.
 */
export function parsePlacedOrder(value: unknown): ParsedPlacedOrder {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== ORDER_PLACED_SCHEMA_VERSION) return { ok: false, detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  if (event.type !== ORDER_PLACED_EVENT) return { ok: false, detail: `type must be ${ORDER_PLACED_EVENT}` };
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order !== 'object') return { ok: false, detail: 'order is missing' };
  if (typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return { ok: false, detail: 'order.orderid must be a 24-character hex id' };
  if (typeof order.userid !== 'string' || order.userid.length === 0) return { ok: false, detail: 'order.userid is missing' };
  if (!Array.isArray(order.orderitems) || order.orderitems.length === 0) return { ok: false, detail: 'order.orderitems must be a non-empty list' };
  const items = order.orderitems as Record<string, unknown>[];
  const catalogItems = items.filter((item) => item !== null && typeof item === 'object' && 'productId' in item);
  if (catalogItems.length === 0) return { ok: true, order: null };
  if (catalogItems.length !== items.length) return { ok: false, detail: 'either every item names a product or none does' };
  const lines: StockLineV1[] = [];
  for (const item of catalogItems) {
    if (typeof item.productId !== 'string' || !UUID.test(item.productId)) return { ok: false, detail: 'orderitems[].productId must be a UUID' };
    if (!Number.isSafeInteger(item.quantity) || (item.quantity as number) < 1 || (item.quantity as number) > 10_000) {
      return { ok: false, detail: 'orderitems[].quantity must be an integer 1–10000' };
    }
    lines.push({ productId: item.productId, quantity: item.quantity as number });
  }
  return { ok: true, order: { orderId: order.orderid, userId: order.userid, lines } };
}

/** `orderId: null`: an event that releases nothing. */
export type ParsedCancelledOrder = { ok: true; orderId: string | null } | { ok: false; detail: string };

/** An OrderCancelled v1 off `orders.cancelled`: the order whose stock goes back. */
export function parseCancelledOrder(value: unknown): ParsedCancelledOrder {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== ORDER_CANCEL_SCHEMA_VERSION) return { ok: false, detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  if (event.type !== ORDER_CANCELLED_EVENT) return { ok: false, detail: `type must be ${ORDER_CANCELLED_EVENT}` };
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return { ok: false, detail: 'order.orderid must be a 24-character hex id' };
  return { ok: true, orderId: order.orderid };
}

/**
 * Billing's events off `billing.payments` that give an order's stock back: its payment declined
 * (the order is REJECTED), or its money refunded because one of its products was withdrawn.
 */
export function parseReleasingPayment(value: unknown): ParsedCancelledOrder {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== PAYMENT_EVENTS_SCHEMA_VERSION) return { ok: false, detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return { ok: false, detail: 'order.orderid must be a 24-character hex id' };
  const payment = event.payment as Record<string, unknown> | undefined;
  const releases = event.type === PAYMENT_DECLINED_EVENT || (event.type === PAYMENT_REFUNDED_EVENT && payment?.cause === 'PRODUCT_WITHDRAWN');
  return { ok: true, orderId: releases ? order.orderid : null };
}
