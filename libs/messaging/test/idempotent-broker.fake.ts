import { ICustomPartitioner, Kafka, KafkaJSConnectionError, Message, Partitioners, TopicMessages } from 'kafkajs';

import { createEosManager, createRetry, createSendMessages, producedAnswer, silentLogger as logger, TOPIC } from './kafkajs-internals.fake';

export { TOPIC };

interface ProduceRequest {
  producerId: number;
  topicData: { topic: string; partitions: { partition: number; firstSequence: number; messages: Message[] }[] }[];
}

const noop = () => undefined;

/**
 * One broker leading one partition, keeping Kafka's idempotence rules: per producer id, a batch
 * whose sequences are the last written batch's is a duplicate (answered "written", not
 * written again); any other sequence than the next expected is out of order. The next
 * requests can be scripted to fail: `unreachable` with a connection error, `answer-lost` the
 * same way after the write — a leader killed between its write and its answer.
 */
export class IdempotentBroker {
  readonly written: string[] = [];
  private readonly script: ('unreachable' | 'answer-lost')[] = [];
  private producerIds = 0;
  private readonly lastBatch = new Map<number, { first: number; last: number }>();

  failNext(...outcomes: ('unreachable' | 'answer-lost')[]): void {
    this.script.push(...outcomes);
  }

  /** A Kafka whose producers are kafkajs' own send loop and idempotence over this broker. */
  kafka(): Kafka {
    const producer = (config: { createPartitioner?: ICustomPartitioner } = {}) => {
      const cluster = this.clusterApi();
      const eosManager = createEosManager({ logger, cluster, transactional: false });
      const sendMessages = createSendMessages({
        logger,
        cluster,
        partitioner: (config.createPartitioner ?? Partitioners.DefaultPartitioner)(),
        eosManager,
        retrier: createRetry({ retries: 2, initialRetryTime: 1, maxRetryTime: 5 }),
      });
      return {
        connect: () => eosManager.initProducerId(),
        disconnect: async () => undefined,
        on: noop,
        events: { DISCONNECT: 'disconnect' },
        sendBatch: (request: { acks: number; topicMessages: TopicMessages[] }) => sendMessages(request),
      };
    };
    return { producer } as unknown as Kafka;
  }

  private clusterApi() {
    const broker = {
      nodeId: 1,
      initProducerId: async () => ({ producerId: ++this.producerIds, producerEpoch: 0 }),
      produce: (request: ProduceRequest) => this.produce(request),
    };
    return {
      retry: { retries: 0 },
      addMultipleTargetTopics: async () => undefined,
      refreshMetadataIfNecessary: async () => undefined,
      refreshMetadata: async () => undefined,
      isConnected: () => true,
      removeBroker: noop,
      findControllerBroker: async () => broker,
      findTopicPartitionMetadata: () => [{ partitionId: 0, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }],
      findLeaderForPartitions: () => ({ 1: [0] }),
      findBroker: async () => broker,
    };
  }

  private async produce({ producerId, topicData }: ProduceRequest) {
    const outcome = this.script.shift();
    if (outcome === 'unreachable') throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
    const [{ topic, partitions }] = topicData;
    const [{ partition, firstSequence, messages }] = partitions;
    const batch = { first: firstSequence, last: firstSequence + messages.length - 1 };
    const last = this.lastBatch.get(producerId);
    const duplicate = last?.first === batch.first && last.last === batch.last;
    if (!duplicate) {
      if (batch.first !== (last ? last.last + 1 : 0)) throw Object.assign(new Error('The broker received an out of order sequence number'), { retriable: false });
      this.written.push(...messages.map((message) => String(message.key)));
      this.lastBatch.set(producerId, batch);
    }
    if (outcome === 'answer-lost') throw new KafkaJSConnectionError('Connection error: Closed connection');
    return producedAnswer([{ topic, partitions: [{ partition }] }]);
  }
}
