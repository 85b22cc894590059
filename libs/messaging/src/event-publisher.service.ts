import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { OutgoingEvent, RawOutgoingMessage } from '@app/contracts';
import { startSendSpans } from './message-tracing';
import { KAFKA } from './messaging.tokens';

interface PendingSend {
  messages: RawOutgoingMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Well under Kafka's default 1 MB request limit for events of a few hundred bytes. */
const MAX_MESSAGES_PER_REQUEST = 500;

function byTopic(messages: RawOutgoingMessage[]): { topic: string; messages: { key: string | null; value: string | null; headers?: Record<string, string> }[] }[] {
  const topics = new Map<string, RawOutgoingMessage[]>();
  for (const message of messages) {
    const topicMessages = topics.get(message.topic);
    if (topicMessages) topicMessages.push(message);
    else topics.set(message.topic, [message]);
  }
  return [...topics].map(([topic, topicMessages]) => ({
    topic,
    messages: topicMessages.map((message) => ({ key: message.key, value: message.value, headers: message.headers })),
  }));
}

/**
 * Publishes events with acks from all in-sync replicas through one idempotent producer.
 * It connects on first use, so an app starts (and accepts work) while Kafka is down.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private readonly queue: PendingSend[] = [];
  private draining?: Promise<void>;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async publish(events: OutgoingEvent[]): Promise<void> {
    await this.publishMessages(events.map((event) => ({ ...event, value: JSON.stringify(event.value) })));
  }

  /** Forwards a message as it is (a dead letter, a redrive): the value is not re-encoded. */
  async publishRaw(message: RawOutgoingMessage): Promise<void> {
    await this.publishMessages([message]);
  }

  /**
   * Sends concurrent callers' messages together: while one sendBatch is under way the next
   * callers queue, and the queue goes out as one request when it returns. Each caller still
   * awaits the broker's acknowledgement (acks=all) of its own messages, so nothing is
   * reported published before it is; a failed request fails every caller in it.
   */
  private publishMessages(messages: RawOutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const traced = startSendSpans(messages);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        messages: traced.messages,
        resolve: () => {
          traced.spans.end();
          resolve();
        },
        reject: (error) => {
          traced.spans.end(error);
          reject(error);
        },
      });
      this.draining ??= this.drain().finally(() => (this.draining = undefined));
    });
  }

  private async drain(): Promise<void> {
    // One turn of the event loop gathers the callers that are ready together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        const producer = await this.connected();
        await producer.sendBatch({ acks: -1, topicMessages: byTopic(batch.flatMap((pending) => pending.messages)) });
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  private takeBatch(): PendingSend[] {
    let count = 0;
    let taken = 0;
    while (taken < this.queue.length && (taken === 0 || count + this.queue[taken].messages.length <= MAX_MESSAGES_PER_REQUEST)) {
      count += this.queue[taken].messages.length;
      taken++;
    }
    return this.queue.splice(0, taken);
  }

  /** After the HTTP server and consumers have stopped, so work in flight can still publish. */
  async onApplicationShutdown(): Promise<void> {
    while (this.draining) await this.draining;
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
