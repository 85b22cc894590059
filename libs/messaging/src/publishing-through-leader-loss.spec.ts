import { Kafka, Partitioners, TopicMessages } from 'kafkajs';
import { EventPublisher } from './event-publisher.service';
import { IdempotentBroker, TOPIC as IDEMPOTENT_TOPIC } from '../test/idempotent-broker.fake';
import { LeaderMoveCluster, TOPIC } from '../test/leader-move-cluster.fake';
import { PartitionAcknowledgements } from './partition-acknowledgements';

const onPartition0 = LeaderMoveCluster.keyFor(0, 'first');
const onPartition1 = LeaderMoveCluster.keyFor(1, 'second');

function batch(): TopicMessages[] {
  return [{ topic: TOPIC, messages: [onPartition0, onPartition1].map((key) => ({ key, value: key })) }];
}

describe('kafkajs sendBatch when a partition leader dies mid-request', () => {
  it('resolves without having sent the partition whose leadership moved to a broker that had answered', async () => {
    const cluster = new LeaderMoveCluster();
    const answers = await cluster.sendBatch(Partitioners.DefaultPartitioner)({ acks: -1, topicMessages: batch() });
    // This is the defect the publisher guards against: a resolved send, one message never written.
    expect(answers.map((answer) => answer.partition)).toEqual([1]);
    expect(cluster.written.get(0)).toBeUndefined();
    expect(cluster.written.get(1)).toEqual([onPartition1]);
  });
});

describe('PartitionAcknowledgements', () => {
  it('routes as kafkajs does by default and names the messages no answer acknowledged', async () => {
    const acknowledgements = new PartitionAcknowledgements();
    const sent = batch();
    const answers = await new LeaderMoveCluster().sendBatch(acknowledgements.createPartitioner)({ acks: -1, topicMessages: sent });
    expect(acknowledgements.unacknowledged(sent, answers)).toEqual([{ topic: TOPIC, messages: [{ key: onPartition0, value: onPartition0 }] }]);
  });

  it('counts a message the partitioner never saw as unacknowledged', () => {
    const acknowledgements = new PartitionAcknowledgements();
    const sent = batch();
    const answers = [0, 1].map((partition) => ({ topicName: TOPIC, partition, errorCode: 0 }));
    expect(acknowledgements.unacknowledged(sent, answers)).toEqual(sent);
  });
});

describe('EventPublisher over a partition leader that dies mid-request', () => {
  function kafkaOver(cluster: LeaderMoveCluster, sendBatchCalls: TopicMessages[][]): Kafka {
    const producer = (config: { createPartitioner: Parameters<LeaderMoveCluster['sendBatch']>[0] }) => {
      const sendBatch = cluster.sendBatch(config.createPartitioner);
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        on: () => undefined,
        events: { DISCONNECT: 'disconnect' },
        sendBatch: (request: { acks: number; topicMessages: TopicMessages[] }) => {
          sendBatchCalls.push(request.topicMessages);
          return sendBatch(request);
        },
      };
    };
    return { producer } as unknown as Kafka;
  }

  it('sends again what the resolved request did not write, and resolves its callers only then', async () => {
    const cluster = new LeaderMoveCluster();
    const calls: TopicMessages[][] = [];
    const publisher = new EventPublisher(kafkaOver(cluster, calls));
    await Promise.all([onPartition0, onPartition1].map((key) => publisher.publish([{ topic: TOPIC, key, value: { key }, headers: {} }])));
    expect(cluster.written.get(0)).toEqual([onPartition0]);
    expect(cluster.written.get(1)).toEqual([onPartition1]);
    expect(calls.map((call) => call.flatMap(({ messages }) => messages.map((message) => message.key)))).toEqual([[onPartition0, onPartition1], [onPartition0]]);
  });
});

describe('kafkajs idempotent producer after a send that failed once the broker had written it', () => {
  it('reuses the failed batch sequence, so the broker takes the next message for a duplicate and drops it', async () => {
    const broker = new IdempotentBroker();
    const producer = broker.kafka().producer() as unknown as { connect(): Promise<void>; sendBatch: (request: { acks: number; topicMessages: TopicMessages[] }) => Promise<unknown> };
    await producer.connect();
    broker.failNext('answer-lost', 'unreachable', 'unreachable');
    await expect(producer.sendBatch({ acks: -1, topicMessages: [{ topic: IDEMPOTENT_TOPIC, messages: [{ key: 'a', value: 'a' }] }] })).rejects.toThrow();
    await expect(producer.sendBatch({ acks: -1, topicMessages: [{ topic: IDEMPOTENT_TOPIC, messages: [{ key: 'b', value: 'b' }] }] })).resolves.toHaveLength(1);
    // Answered as written, never written: the loss the publisher's retirement of a failed producer prevents.
    expect(broker.written).toEqual(['a']);
  });

  it('is not what EventPublisher does: after a failed send it publishes through a new producer id', async () => {
    const broker = new IdempotentBroker();
    const publisher = new EventPublisher(broker.kafka());
    await publisher.publish([{ topic: IDEMPOTENT_TOPIC, key: 'warm-up', value: {}, headers: {} }]);
    broker.failNext('answer-lost', 'unreachable', 'unreachable');
    await expect(publisher.publish([{ topic: IDEMPOTENT_TOPIC, key: 'a', value: {}, headers: {} }])).rejects.toThrow();
    await publisher.publish([{ topic: IDEMPOTENT_TOPIC, key: 'b', value: {}, headers: {} }]);
    expect(broker.written).toEqual(['warm-up', 'a', 'b']);
  });
});
