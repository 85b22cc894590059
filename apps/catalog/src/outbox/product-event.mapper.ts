import { availableOf, Product } from '@app/domain';
import {
  PRODUCT_DELETED_EVENT,
  PRODUCT_EVENTS_SCHEMA_VERSION,
  PRODUCT_UPSERTED_EVENT,
  ProductDeletedEventV1,
  ProductEventV1,
  ProductUpsertedEventV1,
  Topic,
  TopicName,
} from '@app/contracts';
import { currentTraceparent } from '@app/observability';

/** ProductUpserted v1 from the domain's product, as of its current version. */
export function toProductUpserted(product: Product): ProductUpsertedEventV1 {
  return {
    schemaVersion: PRODUCT_EVENTS_SCHEMA_VERSION,
    type: PRODUCT_UPSERTED_EVENT,
    eventId: `${product.id}:${product.version}`,
    occurredAt: product.updatedAt.toISOString(),
    product: {
      id: product.id,
      name: product.name,
      price: product.price.major,
      priceMinor: product.price.minor,
      available: availableOf(product),
      version: product.version,
    },
  };
}

/** ProductDeleted v1: the product of this version is gone for buyers. */
export function toProductDeleted(product: Pick<Product, 'id' | 'version' | 'updatedAt'>): ProductDeletedEventV1 {
  return {
    schemaVersion: PRODUCT_EVENTS_SCHEMA_VERSION,
    type: PRODUCT_DELETED_EVENT,
    eventId: `${product.id}:${product.version}`,
    occurredAt: product.updatedAt.toISOString(),
    product: { id: product.id, version: product.version },
  };
}

export interface OutboxInsert {
  topic: TopicName;
  messageKey: string;
  productId?: string;
  eventType: string;
  payload: object;
  traceparent?: string;
}

/**
 * The outbox row of a product event (on catalog.products, keyed by the product): what the relay
 * sends as it is, in the trace of the write that caused it.
 */
export function toOutboxRow(event: ProductEventV1, traceparent = currentTraceparent()): OutboxInsert {
  return {
    topic: Topic.CATALOG_PRODUCTS,
    messageKey: event.product.id,
    productId: event.product.id,
    eventType: event.type,
    payload: event,
    ...(traceparent ? { traceparent } : {}),
  };
}
