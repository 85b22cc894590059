import { DeadLetterReason, STOCK_EVENTS_SCHEMA_VERSION, STOCK_REJECTED_EVENT, STOCK_RESERVED_EVENT, StockRejectedLineV1 } from '@app/contracts';

export type StockRejection = { kind: 'rejected'; orderid: string; userid: string; rejected: StockRejectedLineV1[] };

export type StockOutcome = { kind: 'reserved'; orderid: string; userid: string } | StockRejection;

export type ParsedStockOutcome = { ok: true; outcome: StockOutcome } | { ok: false; reason: DeadLetterReason; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;
const REASONS = new Set(['PRODUCT_GONE', 'OUT_OF_STOCK']);

function rejectedLines(value: unknown): StockRejectedLineV1[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const lines: StockRejectedLineV1[] = [];
  for (const line of value as Record<string, unknown>[]) {
    if (!line || typeof line.productId !== 'string' || !Number.isSafeInteger(line.quantity) || !REASONS.has(line.reason as string)) return undefined;
    if (line.available !== undefined && !Number.isSafeInteger(line.available)) return undefined;
    lines.push({
      productId: line.productId,
      quantity: line.quantity as number,
      reason: line.reason as StockRejectedLineV1['reason'],
      ...(line.available !== undefined ? { available: line.available as number } : {}),
    });
  }
  return lines;
}

/** A StockReserved or StockRejected v1 off `catalog.stock`; anything it cannot vouch for is poison. */
export function parseStockOutcome(value: unknown): ParsedStockOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'NOT_JSON', detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== STOCK_EVENTS_SCHEMA_VERSION) {
    return { ok: false, reason: 'UNKNOWN_SCHEMA_VERSION', detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  }
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order !== 'object') return { ok: false, reason: 'INVALID_EVENT', detail: 'order is missing' };
  if (typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return { ok: false, reason: 'INVALID_EVENT', detail: 'order.orderid must be a 24-character hex id' };
  if (typeof order.userid !== 'string' || order.userid.length === 0) return { ok: false, reason: 'INVALID_EVENT', detail: 'order.userid is missing' };
  const ref = { orderid: order.orderid, userid: order.userid };
  if (event.type === STOCK_RESERVED_EVENT) return { ok: true, outcome: { kind: 'reserved', ...ref } };
  if (event.type !== STOCK_REJECTED_EVENT) return { ok: false, reason: 'INVALID_EVENT', detail: `type must be ${STOCK_RESERVED_EVENT} or ${STOCK_REJECTED_EVENT}` };
  const rejected = rejectedLines(order.rejected);
  if (!rejected) return { ok: false, reason: 'INVALID_EVENT', detail: 'order.rejected must list the refused lines with their reasons' };
  return { ok: true, outcome: { kind: 'rejected', ...ref, rejected } };
}

/** The rejection as the order's history says it: one clause per refused line. */
export function describeRejection(rejected: StockRejectedLineV1[]): string {
  return rejected
    .map((line) => (line.reason === 'OUT_OF_STOCK' ? `OUT_OF_STOCK: ${line.productId} (${line.quantity} wanted, ${line.available ?? 0} available)` : `PRODUCT_GONE: ${line.productId}`))
    .join('; ');
}
