import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';

/**
 * The maintained kafkajs instrumentation for what consumers do (a `poll` span per fetched batch,
 * `process` spans linked to each message's producer, the client's metrics), without its
 * producer patch. That patch parents every message of a sendBatch on the context active at the
 * call and overwrites the message's traceparent header; the EventPublisher sends many callers'
 * messages in one sendBatch, and the relay and the redrive publish with no request context at
 * all, so it would put orders into each other's traces. The EventPublisher starts each
 * message's producer span under the message's own context instead (libs/messaging).
 */
class KafkaConsumerInstrumentation extends KafkaJsInstrumentation {
  constructor() {
    super();
    // Looked up when kafkajs loads, so replacing it after construction takes effect.
    (this as unknown as { _getProducerPatch: () => (original: unknown) => unknown })._getProducerPatch = () => (original) => original;
  }
}

export function kafkaConsumerInstrumentation(): KafkaJsInstrumentation {
  return new KafkaConsumerInstrumentation();
}
