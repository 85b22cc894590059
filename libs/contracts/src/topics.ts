/** Kafka topics of the platform. Names are prefixed by KAFKA_TOPIC_PREFIX (tests use a fresh one per run). */
export const Topic = {
  ORDER_PLACED: 'orders.placed',
  ORDER_PLACED_DLQ: 'orders.placed.dlq',
  ORDER_PROCESSED: 'orders.processed',
} as const;
export type TopicName = (typeof Topic)[keyof typeof Topic];

export function topicName(prefix: string, topic: TopicName): string {
  return `${prefix}${topic}`;
}
