import {
  STOCK_EVENTS_SCHEMA_VERSION,
  STOCK_REJECTED_EVENT,
  STOCK_RESERVED_EVENT,
  StockLineV1,
  StockRejectedEventV1,
  StockRejectedLineV1,
  StockReservedEventV1,
  Topic,
} from '@app/contracts';
import type { OutboxInsert } from '../outbox/product-event.mapper';

export interface OrderRef {
  orderId: string;
  userId: string;
  /** The trace context the order's OrderPlaced is handled in: its answer joins the order's trace. */
  traceparent?: string;
}

export function toStockReserved(order: OrderRef, lines: StockLineV1[], at: Date): StockReservedEventV1 {
  return { schemaVersion: STOCK_EVENTS_SCHEMA_VERSION, type: STOCK_RESERVED_EVENT, eventId: `${order.orderId}:stock`, occurredAt: at.toISOString(), order: { orderid: order.orderId, userid: order.userId, lines } };
}

export function toStockRejected(order: OrderRef, rejected: StockRejectedLineV1[], at: Date): StockRejectedEventV1 {
  return { schemaVersion: STOCK_EVENTS_SCHEMA_VERSION, type: STOCK_REJECTED_EVENT, eventId: `${order.orderId}:stock`, occurredAt: at.toISOString(), order: { orderid: order.orderId, userid: order.userId, rejected } };
}

/** The outbox row of an answer to an order: on catalog.stock, keyed by the order. */
export function toStockOutboxRow(event: StockReservedEventV1 | StockRejectedEventV1, traceparent?: string): OutboxInsert {
  return { topic: Topic.CATALOG_STOCK, messageKey: event.order.orderid, eventType: event.type, payload: event, ...(traceparent ? { traceparent } : {}) };
}

/** One entry per product, in id order: quantities of repeated products summed, locks taken in one order. */
export function mergeLines(lines: StockLineV1[]): StockLineV1[] {
  const byProduct = new Map<string, number>();
  for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
  return [...byProduct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([productId, quantity]) => ({ productId, quantity }));
}
