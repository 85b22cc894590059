/**
 * The catalog's answers to an OrderPlaced of catalog products, version 1, on `catalog.stock`:
 * keyed by order id, JSON values, headers `event-type` and `schema-version`. The catalog
 * reserves all of an order's lines in one transaction or none; it answers each order once
 * (a redelivered OrderPlaced changes nothing and is not answered again).
 */
export const STOCK_RESERVED_EVENT = 'StockReserved';
export const STOCK_REJECTED_EVENT = 'StockRejected';
export const STOCK_EVENTS_SCHEMA_VERSION = 1;

export interface StockLineV1 {
  productId: string;
  quantity: number;
}

/** Why a line could not be reserved: the product is deleted or unknown, or too few are left. */
export type StockRejectionReason = 'PRODUCT_GONE' | 'OUT_OF_STOCK';

export interface StockRejectedLineV1 extends StockLineV1 {
  reason: StockRejectionReason;
  /** OUT_OF_STOCK: what was available when the order was refused. */
  available?: number;
}

export interface StockReservedEventV1 {
  schemaVersion: typeof STOCK_EVENTS_SCHEMA_VERSION;
  type: typeof STOCK_RESERVED_EVENT;
  /** `<order id>:stock`: one answer per order. */
  eventId: string;
  occurredAt: string;
  order: { orderid: string; userid: string; lines: StockLineV1[] };
}

export interface StockRejectedEventV1 {
  schemaVersion: typeof STOCK_EVENTS_SCHEMA_VERSION;
  type: typeof STOCK_REJECTED_EVENT;
  eventId: string;
  occurredAt: string;
  /** Every line that failed (the others were not reserved either). */
  order: { orderid: string; userid: string; rejected: StockRejectedLineV1[] };
}

export type StockEventV1 = StockReservedEventV1 | StockRejectedEventV1;
