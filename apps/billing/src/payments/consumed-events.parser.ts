import {
  ORDER_CANCEL_SCHEMA_VERSION,
  ORDER_CANCELLED_EVENT,
  ORDER_PLACED_EVENT,
  ORDER_PLACED_SCHEMA_VERSION,
  PRODUCT_DELETED_EVENT,
  PRODUCT_EVENTS_SCHEMA_VERSION,
  STOCK_EVENTS_SCHEMA_VERSION,
  STOCK_REJECTED_EVENT,
  STOCK_RESERVED_EVENT,
} from '@app/contracts';
import type { PlacedPayment } from './payments.repository';

/** What billing reads of the events it consumes; anything it cannot vouch for is refused, never guessed. */
export type BillingInput =
  | { kind: 'placed'; order: Omit<PlacedPayment, 'paymentMethod'> & { paymentMethod?: string } }
  | { kind: 'stock'; orderId: string; userId: string; outcome: 'RESERVED' | 'REJECTED' }
  | { kind: 'cancelled'; orderId: string; userId: string }
  | { kind: 'withdrawn'; productId: string; at: Date }
  /** An event of the topic billing has nothing to do with (a product upserted). */
  | { kind: 'ignored' };

export type ParsedInput = { ok: true; input: BillingInput } | { ok: false; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;
const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,100}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function envelope(value: unknown, version: number): { event: Json; order?: Json } | string {
  if (!isObject(value)) return 'value is not a JSON object';
  if (value.schemaVersion !== version) return `schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported`;
  return { event: value, ...(isObject(value.order) && { order: value.order }) };
}

function orderRef(order: Json | undefined): { orderId: string; userId: string } | string {
  if (!order || typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return 'order.orderid must be a 24-character hex id';
  if (typeof order.userid !== 'string' || order.userid.length === 0) return 'order.userid is missing';
  return { orderId: order.orderid, userId: order.userid };
}

export function parseOrderPlaced(value: unknown): ParsedInput {
  const read = envelope(value, ORDER_PLACED_SCHEMA_VERSION);
  if (typeof read === 'string') return { ok: false, detail: read };
  if (read.event.type !== ORDER_PLACED_EVENT) return { ok: false, detail: `type must be ${ORDER_PLACED_EVENT}` };
  const ref = orderRef(read.order);
  if (typeof ref === 'string') return { ok: false, detail: ref };
  const order = read.order as Json;
  if (!Number.isSafeInteger(order.costMinor) || (order.costMinor as number) < 1) return { ok: false, detail: 'order.costMinor must be a positive integer' };
  if (!Array.isArray(order.orderitems) || order.orderitems.length === 0) return { ok: false, detail: 'order.orderitems must be a non-empty list' };
  const items = order.orderitems as Json[];
  if (!items.every((item) => isObject(item) && Number.isSafeInteger(item.quantity) && (item.quantity as number) >= 1)) {
    return { ok: false, detail: 'orderitems[].quantity must be a positive integer' };
  }
  if (order.paymentMethod !== undefined && (typeof order.paymentMethod !== 'string' || !PAYMENT_METHOD.test(order.paymentMethod))) {
    return { ok: false, detail: 'order.paymentMethod must be a payment method id (pm_…)' };
  }
  const createdAt = new Date(String(order.createdAt));
  if (Number.isNaN(createdAt.getTime())) return { ok: false, detail: 'order.createdAt must be a date' };
  const productIds = [...new Set(items.map((item) => item.productId).filter((id): id is string => typeof id === 'string'))];
  return {
    ok: true,
    input: {
      kind: 'placed',
      order: {
        ...ref,
        amountMinor: order.costMinor as number,
        itemCount: items.reduce((sum, item) => sum + (item.quantity as number), 0),
        ...(typeof order.paymentMethod === 'string' && { paymentMethod: order.paymentMethod }),
        productIds,
        placedAt: createdAt,
      },
    },
  };
}

export function parseStockOutcome(value: unknown): ParsedInput {
  const read = envelope(value, STOCK_EVENTS_SCHEMA_VERSION);
  if (typeof read === 'string') return { ok: false, detail: read };
  if (read.event.type !== STOCK_RESERVED_EVENT && read.event.type !== STOCK_REJECTED_EVENT) return { ok: false, detail: 'type must be StockReserved or StockRejected' };
  const ref = orderRef(read.order);
  if (typeof ref === 'string') return { ok: false, detail: ref };
  return { ok: true, input: { kind: 'stock', ...ref, outcome: read.event.type === STOCK_RESERVED_EVENT ? 'RESERVED' : 'REJECTED' } };
}

export function parseOrderCancelled(value: unknown): ParsedInput {
  const read = envelope(value, ORDER_CANCEL_SCHEMA_VERSION);
  if (typeof read === 'string') return { ok: false, detail: read };
  if (read.event.type !== ORDER_CANCELLED_EVENT) return { ok: false, detail: `type must be ${ORDER_CANCELLED_EVENT}` };
  const ref = orderRef(read.order);
  if (typeof ref === 'string') return { ok: false, detail: ref };
  return { ok: true, input: { kind: 'cancelled', ...ref } };
}

export function parseProductEvent(value: unknown): ParsedInput {
  // A compacted topic's tombstone (no value) says nothing billing needs.
  if (value === null) return { ok: true, input: { kind: 'ignored' } };
  const read = envelope(value, PRODUCT_EVENTS_SCHEMA_VERSION);
  if (typeof read === 'string') return { ok: false, detail: read };
  if (read.event.type !== PRODUCT_DELETED_EVENT) return { ok: true, input: { kind: 'ignored' } };
  const product = read.event.product;
  if (!isObject(product) || typeof product.id !== 'string') return { ok: false, detail: 'product.id is missing' };
  const at = new Date(String(read.event.occurredAt));
  if (Number.isNaN(at.getTime())) return { ok: false, detail: 'occurredAt must be a date' };
  return { ok: true, input: { kind: 'withdrawn', productId: product.id, at } };
}
