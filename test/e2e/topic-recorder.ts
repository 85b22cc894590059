import { Consumer, Kafka, logLevel } from 'kafkajs';

export interface RecordedMessage {
  key: string;
  value: Record<string, unknown> | string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from its beginning into memory, as an independent consumer group would. */
export class TopicRecorder {
  // By partition and offset: a consumer that rejoins after a broker restart is handed
  // uncommitted messages again, which is not the producer writing them twice.
  private readonly byPosition = new Map<string, RecordedMessage>();

  get messages(): RecordedMessage[] {
    return [...this.byPosition.values()];
  }
  private consumer?: Consumer;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'e2e-recorder',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 100, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 3 }], waitForLeaders: true }).catch(() => false);
    await admin.disconnect();
    this.consumer = kafka.consumer({ groupId: `e2e-recorder-${this.topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        const text = message.value?.toString('utf8') ?? '';
        let value: RecordedMessage['value'];
        try {
          value = JSON.parse(text) as Record<string, unknown>;
        } catch {
          value = text;
        }
        this.byPosition.set(`${partition}:${message.offset}`, {
          key: message.key?.toString('utf8') ?? '',
          value,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header)])),
          partition,
          offset: message.offset,
        });
      },
    });
  }

  /** Whether every message below these end offsets (a KafkaAdmin's topicEnds) has been read. */
  hasRead(ends: { partition: number; offset: string }[]): boolean {
    return ends.every((end) => end.offset === '0' || this.byPosition.has(`${end.partition}:${BigInt(end.offset) - 1n}`));
  }

  withKey(key: string): RecordedMessage[] {
    return this.messages.filter((message) => message.key === key);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
