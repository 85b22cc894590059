import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { OutgoingEvent, RawOutgoingMessage } from './events/event-headers';
import { KAFKA } from './messaging.tokens';

/**
 * Publishes events with acks from all in-sync replicas through one idempotent producer.
 * It connects on first use, so an app starts (and accepts work) while Kafka is down.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async publish(events: OutgoingEvent[]): Promise<void> {
    await this.publishMessages(events.map((event) => ({ ...event, value: JSON.stringify(event.value) })));
  }

  /** Forwards a message as it is (a dead letter, a redrive): the value is not re-encoded. */
  async publishRaw(message: RawOutgoingMessage): Promise<void> {
    await this.publishMessages([message]);
  }

  private async publishMessages(messages: RawOutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    const byTopic = new Map<string, RawOutgoingMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, topicMessages]) => ({
        topic,
        messages: topicMessages.map((message) => ({ key: message.key, value: message.value, headers: message.headers })),
      })),
    });
  }

  /** After the HTTP server and consumers have stopped, so work in flight can still publish. */
  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'producer disconnect failed'));
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // Bounded: the caller's circuit breaker decides when to stop trying, not an endless retry.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    producer.on(producer.events.DISCONNECT, () => {
      if (this.producer === producer) this.producer = undefined;
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }
}
