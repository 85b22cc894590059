import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer, TopicMessages } from 'kafkajs';
import { OutgoingEvent, RawOutgoingMessage } from '@app/contracts';
import { producerResentMessages } from '@app/observability';
import { startSendSpans } from './message-tracing';
import { KAFKA } from './messaging.tokens';
import { PartitionAcknowledgements } from './partition-acknowledgements';

interface PendingSend {
  messages: RawOutgoingMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Well under Kafka's default 1 MB request limit for events of a few hundred bytes. */
const MAX_MESSAGES_PER_REQUEST = 500;

/** Sends of what a resolved request left unacknowledged before its callers are failed. */
const MAX_SEND_ROUNDS = 3;

function byTopic(messages: RawOutgoingMessage[]): TopicMessages[] {
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
  private readonly acknowledgements = new PartitionAcknowledgements();

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
      let producer: Producer | undefined;
      try {
        producer = await this.connected();
        await this.sendAcknowledged(producer, byTopic(batch.flatMap((pending) => pending.messages)));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (producer) this.retire(producer);
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  /**
   * A sendBatch that resolves is not proof that every message was written (see
   * PartitionAcknowledgements): what no partition's answer covers is sent again, a few times,
   * then the callers fail and their outbox entries stay due.
   */
  private async sendAcknowledged(producer: Producer, topicMessages: TopicMessages[]): Promise<void> {
    let unacknowledged = topicMessages;
    for (let round = 1; ; round++) {
      const answers = await producer.sendBatch({ acks: -1, topicMessages: unacknowledged });
      unacknowledged = this.acknowledgements.unacknowledged(unacknowledged, answers);
      if (unacknowledged.length === 0) return;
      const missing = unacknowledged.reduce((count, { messages }) => count + messages.length, 0);
      if (round >= MAX_SEND_ROUNDS) throw new Error(`Kafka answered ${round} requests without acknowledging ${missing} of their messages`);
      for (const { topic, messages } of unacknowledged) producerResentMessages.inc({ topic }, messages.length);
      this.logger.warn({ messages: missing, round }, 'Kafka answered a request without acknowledging every partition; sending those messages again');
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

  /**
   * A failed send leaves the idempotent producer's sequence numbers untrustworthy: kafkajs
   * rewinds a partition's sequence when a request fails, even one the broker wrote before its
   * answer was lost (a leader killed mid-request). The next batch would then reuse that
   * sequence, and a broker that has it already answers "written" for messages it drops as
   * duplicates. A new producer gets a new producer id from the broker, so nothing it sends can
   * be taken for an older batch; the failed batch's messages go out again from the outbox.
   */
  private retire(producer: Producer): void {
    if (this.producer !== producer) return;
    this.producer = undefined;
    this.logger.warn('a send failed: the next ones go through a new producer (a new producer id)');
    producer.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'disconnecting a failed producer failed'));
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
      createPartitioner: this.acknowledgements.createPartitioner,
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
