import { AssignerProtocol, Cluster } from 'kafkajs';
import { CoPartitionedAssigner } from './co-partitioned-assigner';

describe('CoPartitionedAssigner', () => {
  it('gives partition N of every topic to the same member', async () => {
    const cluster = { findTopicPartitionMetadata: () => [0, 1, 2].map((partitionId) => ({ partitionId })) } as unknown as Cluster;
    const assigner = CoPartitionedAssigner({ cluster, groupId: 'g', logger: undefined as never });
    const assigned = await assigner.assign({ members: [{ memberId: 'm-b' }, { memberId: 'm-a' }] as never, topics: ['placed', 'stock', 'cancel'] });
    const decoded = Object.fromEntries(assigned.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment]));
    expect(decoded).toEqual({
      'm-a': { placed: [0, 2], stock: [0, 2], cancel: [0, 2] },
      'm-b': { placed: [1], stock: [1], cancel: [1] },
    });
  });
});
