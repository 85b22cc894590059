import { Kafka, logLevel, Producer } from 'kafkajs';

/** Writes arbitrary messages (duplicates, poison) onto a topic, as a misbehaving producer would. */
export class RawProducer {
  private producer?: Producer;

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'e2e-raw-producer',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    this.producer = kafka.producer({ allowAutoTopicCreation: true });
    await this.producer.connect();
  }

  async send(topic: string, key: string, value: string | object): Promise<void> {
    await this.producer?.send({
      topic,
      acks: -1,
      messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
    });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
