import { ICustomPartitioner, KafkaJSConnectionError, Message, Partitioners, TopicMessages } from 'kafkajs';

import { createRetry, createSendMessages, producedAnswer, silentLogger, TOPIC } from './kafkajs-internals.fake';

export { TOPIC };

interface ProduceRequest {
  topicData: { topic: string; partitions: { partition: number; messages: Message[] }[] }[];
}

/**
 * Two brokers, two partitions, broker 1 leading partition 0 and broker 2 partition 1. Broker 1
 * dies during the first request (its connection fails after broker 2 has answered), and the
 * next metadata names broker 2 leader of both — the leader-kill scenario of test:cluster, small.
 */
export class LeaderMoveCluster {
  /** The keys each broker wrote, by partition. */
  readonly written = new Map<number, string[]>();
  private leaderOfPartition0 = 1;
  private readonly brokers = new Map([1, 2].map((nodeId) => [nodeId, { nodeId, produce: (request: ProduceRequest) => this.produce(nodeId, request) }]));

  /** A key the default partitioner sends to `partition` of a two-partition topic. */
  static keyFor(partition: number, prefix: string): string {
    const choose = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1].map((partitionId) => ({ partitionId, leader: partitionId + 1, partitionErrorCode: 0, replicas: [], isr: [] }));
    for (let n = 0; ; n++) {
      const key = `${prefix}-${n}`;
      if (choose({ topic: TOPIC, partitionMetadata, message: { key, value: key } }) === partition) return key;
    }
  }

  /** kafkajs' real sendBatch loop over this cluster, with the producer's partitioner. */
  sendBatch(createPartitioner: ICustomPartitioner = Partitioners.DefaultPartitioner) {
    const sendMessages = createSendMessages({
      logger: silentLogger,
      cluster: this.clusterApi(),
      partitioner: createPartitioner(),
      eosManager: {
        acquireBrokerLock: async () => undefined,
        releaseBrokerLock: async () => undefined,
        isTransactional: () => false,
        getSequence: () => 0,
        updateSequence: () => undefined,
        getProducerId: () => 1,
        getProducerEpoch: () => 0,
      },
      retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
    });
    return (request: { acks: number; topicMessages: TopicMessages[] }) => sendMessages(request);
  }

  private clusterApi() {
    const partitionMetadata = () => [
      { partitionId: 0, leader: this.leaderOfPartition0, partitionErrorCode: 0, replicas: [1, 2], isr: [1, 2] },
      { partitionId: 1, leader: 2, partitionErrorCode: 0, replicas: [1, 2], isr: [1, 2] },
    ];
    return {
      addMultipleTargetTopics: async () => undefined,
      refreshMetadataIfNecessary: async () => undefined,
      refreshMetadata: async () => {
        this.leaderOfPartition0 = 2;
      },
      isConnected: () => true,
      removeBroker: () => undefined,
      findTopicPartitionMetadata: () => partitionMetadata(),
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const byLeader: Record<number, number[]> = {};
        for (const partition of partitions.map(Number)) {
          const leader = partitionMetadata()[partition].leader;
          (byLeader[leader] ??= []).push(partition);
        }
        return byLeader;
      },
      findBroker: async ({ nodeId }: { nodeId: string }) => this.brokers.get(Number(nodeId)),
    };
  }

  private async produce(nodeId: number, request: ProduceRequest) {
    if (nodeId === 1) {
      // The dead broker's connection fails only after the live one has answered.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    }
    const partitions = request.topicData.flatMap(({ partitions }) => partitions);
    for (const { partition, messages } of partitions) {
      this.written.set(partition, [...(this.written.get(partition) ?? []), ...messages.map((message) => String(message.key))]);
    }
    return producedAnswer(request.topicData);
  }
}
