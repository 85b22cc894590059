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
import {
  STOCK_EVENTS_SCHEMA_VERSION,
  STOCK_REJECTED_EVENT,
  STOCK_RESERVED_EVENT,
  StockLineV1,
  StockRejectedEventV1,
  StockRejectedLineV1,
  StockReservedEventV1,
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

// The catalog's answers to placed orders, on catalog.stock.

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
