import { AssignerProtocol, PartitionAssigner } from 'kafkajs';

/**
 * Gives partition N of every subscribed topic to the same member (as Kafka's range assignor
 * does for topics of one partition count). Producers key an order's events by its id with the
 * same partitioner, so OrderPlaced, the catalog's answer and a cancel request of one order sit
 * in partition N of their topics, and one instance handles all three: with a lock per
 * partition in that instance (PartitionLocks) an order has one writer at a time.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CoPartitionedAssigner',
  version: 0,

  async assign({ members, topics }) {
    const memberIds = members.map(({ memberId }) => memberId).sort();
    const assignment: Record<string, Record<string, number[]>> = {};
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const member = memberIds[partitionId % memberIds.length];
        ((assignment[member] ??= {})[topic] ??= []).push(partitionId);
      }
    }
    return memberIds.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: assignment[memberId] ?? {}, userData: Buffer.alloc(0) }),
    }));
  },

  protocol({ topics }) {
    return { name: 'CoPartitionedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
