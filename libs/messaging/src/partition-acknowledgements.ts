import { ICustomPartitioner, Message, Partitioners, RecordMetadata, TopicMessages } from 'kafkajs';

/**
 * kafkajs 2.2.4 can resolve a sendBatch without having sent some of its messages. It keeps one
 * answer per broker across a send's retries: when a partition's leader dies mid-request and
 * its leadership moves to a broker that has already answered for other partitions of the same
 * batch, the retry skips that broker, and the moved partition's messages are never sent
 * (tulios/kafkajs#1303; shown by publishing-through-leader-loss.spec.ts). The only
 * acknowledgement that counts is the broker's answer for the partition a message went to, so
 * the producer's partitioner notes where it routed every message, and a send is checked
 * against the answers it resolved with.
 */
export class PartitionAcknowledgements {
  private readonly routed = new WeakMap<Message, number>();

  /** kafkajs' own default (the Java client's murmur2 of the key), so keys keep their partitions. */
  readonly createPartitioner: ICustomPartitioner = () => {
    const choose = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = choose(args);
      this.routed.set(args.message, partition);
      return partition;
    };
  };

  /**
   * The messages of a resolved send that no answer acknowledged: routed to a partition missing
   * from the answers, or never routed at all (then nothing proves they were sent).
   */
  unacknowledged(sent: TopicMessages[], answers: RecordMetadata[]): TopicMessages[] {
    const acknowledged = new Set(answers.filter((answer) => answer.errorCode === 0).map((answer) => partitionKey(answer.topicName, answer.partition)));
    return sent
      .map(({ topic, messages }) => ({
        topic,
        messages: messages.filter((message) => {
          const partition = this.routed.get(message);
          return partition === undefined || !acknowledged.has(partitionKey(topic, partition));
        }),
      }))
      .filter(({ messages }) => messages.length > 0);
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
