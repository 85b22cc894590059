/** Kafka topics of the platform. Names are prefixed by KAFKA_TOPIC_PREFIX (tests use a fresh one per run). */
export const Topic = {
  ORDER_PLACED: 'orders.placed',
  ORDER_PLACED_DLQ: 'orders.placed.dlq',
  ORDER_PROCESSED: 'orders.processed',
  CATALOG_PRODUCTS: 'catalog.products',
  CATALOG_STOCK: 'catalog.stock',
  CATALOG_STOCK_DLQ: 'catalog.stock.dlq',
  ORDER_REJECTED: 'orders.rejected',
  ORDER_CANCEL_REQUESTS: 'orders.cancel-requests',
  ORDER_CANCELLED: 'orders.cancelled',
  ORDER_REFUNDED: 'orders.refunded',
  BILLING_PAYMENTS: 'billing.payments',
  BILLING_PAYMENTS_DLQ: 'billing.payments.dlq',
} as const;
export type TopicName = (typeof Topic)[keyof typeof Topic];

/** Dead-letter topics: kept for KAFKA_DLQ_RETENTION_MS, not the broker's default week. */
export const DEAD_LETTER_TOPICS: readonly TopicName[] = [Topic.ORDER_PLACED_DLQ, Topic.CATALOG_STOCK_DLQ, Topic.BILLING_PAYMENTS_DLQ];

/** Topics that keep only each key's latest event (Kafka's log compaction): the catalog's state. */
export const COMPACTED_TOPICS: readonly TopicName[] = [Topic.CATALOG_PRODUCTS];

export function topicName(prefix: string, topic: TopicName): string {
  return `${prefix}${topic}`;
}
