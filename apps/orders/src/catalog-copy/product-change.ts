import { PRODUCT_DELETED_EVENT, PRODUCT_EVENTS_SCHEMA_VERSION, PRODUCT_UPSERTED_EVENT } from '@app/contracts';

/** One product's state after a change in the catalog: `null` fields when it was deleted. */
export interface ProductChange {
  productId: string;
  version: number;
  changedAt: Date;
  product: { name: string; priceMinor: number; available: number } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value);

export type ParsedProductEvent = { ok: true; change: ProductChange } | { ok: false; detail: string };

/** A ProductUpserted or ProductDeleted v1 value off `catalog.products`, or why it is refused. */
export function parseProductEvent(value: unknown): ParsedProductEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== PRODUCT_EVENTS_SCHEMA_VERSION) return { ok: false, detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  const product = event.product as Record<string, unknown> | undefined;
  if (!product || typeof product !== 'object') return { ok: false, detail: 'product is missing' };
  if (typeof product.id !== 'string' || !UUID.test(product.id)) return { ok: false, detail: 'product.id must be a UUID' };
  if (!isCount(product.version) || product.version < 1) return { ok: false, detail: 'product.version must be a positive integer' };
  const changedAt = new Date(typeof event.occurredAt === 'string' ? event.occurredAt : Number.NaN);
  if (Number.isNaN(changedAt.getTime())) return { ok: false, detail: 'occurredAt must be a date' };
  const base = { productId: product.id, version: product.version, changedAt };
  if (event.type === PRODUCT_DELETED_EVENT) return { ok: true, change: { ...base, product: null } };
  if (event.type !== PRODUCT_UPSERTED_EVENT) return { ok: false, detail: `type ${JSON.stringify(event.type)} is not a product event` };
  if (typeof product.name !== 'string' || product.name.length === 0) return { ok: false, detail: 'product.name is missing' };
  if (!isCount(product.priceMinor) || product.priceMinor <= 0) return { ok: false, detail: 'product.priceMinor must be a positive integer' };
  if (!isCount(product.available)) return { ok: false, detail: 'product.available must be an integer' };
  return { ok: true, change: { ...base, product: { name: product.name, priceMinor: product.priceMinor, available: product.available } } };
}

/** Of several changes of one product in a batch only the newest matters. */
export function newestPerProduct(changes: ProductChange[]): ProductChange[] {
  const newest = new Map<string, ProductChange>();
  for (const change of changes) {
    const seen = newest.get(change.productId);
    if (!seen || seen.version < change.version) newest.set(change.productId, change);
  }
  return [...newest.values()];
}
