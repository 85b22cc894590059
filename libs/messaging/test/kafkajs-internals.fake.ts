import { RecordMetadata, TopicMessages } from 'kafkajs';

/* kafkajs' internal send loop, idempotence bookkeeping and retrier (not part of its typed API), for the fakes that drive them. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const createSendMessages = require('kafkajs/src/producer/sendMessages') as (deps: object) => (request: { acks: number; topicMessages: TopicMessages[] }) => Promise<RecordMetadata[]>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const createEosManager = require('kafkajs/src/producer/eosManager') as (options: object) => { initProducerId(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;

export const TOPIC = 'orders.placed';

const noop = () => undefined;
export const silentLogger = { error: noop, warn: noop, info: noop, debug: noop, namespace: () => silentLogger };

/** A broker's Produce answer: every partition sent, written without error. */
export function producedAnswer(topicData: { topic: string; partitions: { partition: number }[] }[]) {
  return {
    topics: topicData.map(({ topic, partitions }) => ({
      topicName: topic,
      partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '0' })),
    })),
  };
}
