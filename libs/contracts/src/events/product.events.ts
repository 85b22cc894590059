/**
 * The catalog's events, version 1, on `catalog.products`: keyed by product id, JSON values,
 * headers `event-type` and `schema-version`. The topic is compacted, so a consumer that reads it
 * from the beginning gets each product's latest state; a product's events arrive in the order
 * of its `version`. A consumer must refuse a version it does not know rather than guess.
 */
export const PRODUCT_UPSERTED_EVENT = 'ProductUpserted';
export const PRODUCT_DELETED_EVENT = 'ProductDeleted';
export const PRODUCT_EVENTS_SCHEMA_VERSION = 1;

export interface ProductUpsertedEventV1 {
  schemaVersion: typeof PRODUCT_EVENTS_SCHEMA_VERSION;
  type: typeof PRODUCT_UPSERTED_EVENT;
  /** `<product id>:<version>`: unique per change, kept when republished. */
  eventId: string;
  occurredAt: string;
  product: {
    id: string;
    name: string;
    /** Exact: priceMinor divided by 100. */
    price: number;
    priceMinor: number;
    /** Stock minus what is reserved for orders. */
    available: number;
    version: number;
  };
}

export interface ProductDeletedEventV1 {
  schemaVersion: typeof PRODUCT_EVENTS_SCHEMA_VERSION;
  type: typeof PRODUCT_DELETED_EVENT;
  eventId: string;
  occurredAt: string;
  product: { id: string; version: number };
}

export type ProductEventV1 = ProductUpsertedEventV1 | ProductDeletedEventV1;
