import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from './test-env';

export interface PartitionPlacement {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface PartitionOffset {
  partition: number;
  offset: string;
}

/** What a suite asks Kafka about topics and groups; kafkajs stays in test/e2e and libs. */
export class KafkaAdmin {
  private readonly admin: Admin;

  private constructor(brokers: string[]) {
    this.admin = new Kafka({ clientId: 'e2e-admin', brokers, logLevel: logLevel.NOTHING, retry: { retries: 3, maxRetryTime: 1000 } }).admin();
  }

  static async connect(brokers = kafkaBrokers()): Promise<KafkaAdmin> {
    const admin = new KafkaAdmin(brokers);
    await admin.admin.connect();
    return admin;
  }

  /** The next offset to be written in each partition (`high`). */
  async topicEnds(topic: string): Promise<PartitionOffset[]> {
    return (await this.admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
  }

  /** Each partition's leader, replicas and in-sync replicas (broker node ids). */
  async placement(topic: string): Promise<PartitionPlacement[]> {
    const [found] = (await this.admin.fetchTopicMetadata({ topics: [topic] })).topics;
    return found.partitions
      .map(({ partitionId, leader, replicas, isr }) => ({ partition: partitionId, leader, replicas, isr }))
      .sort((a, b) => a.partition - b.partition);
  }

  async committed(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const [found] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return found.partitions.map(({ partition, offset }) => ({ partition, offset }));
  }

  async group(groupId: string): Promise<{ state: string; members: number }> {
    const [group] = (await this.admin.describeGroups([groupId])).groups;
    return { state: group.state, members: group.members.length };
  }

  /** One setting of a topic (`cleanup.policy`), undefined when the topic does not exist. */
  async topicSetting(topic: string, name: string): Promise<string | undefined> {
    if (!(await this.admin.listTopics()).includes(topic)) return undefined;
    const described = await this.admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }], includeSynonyms: false });
    return described.resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  }

  /** Deletes every topic whose name starts with `prefix` (a run's own); the names deleted. */
  async deleteTopicsStartingWith(prefix: string): Promise<string[]> {
    const topics = (await this.admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await this.admin.deleteTopics({ topics });
    return topics;
  }

  /** Replaces a topic's own settings with these (AlterConfigs: the others go back to the broker's). */
  async setTopicConfig(topic: string, entries: Record<string, string>): Promise<void> {
    await this.admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: Object.entries(entries).map(([name, value]) => ({ name, value })) }],
    });
  }

  /** The consumer groups whose id starts with `prefix`. */
  async groupsStartingWith(prefix: string): Promise<string[]> {
    return (await this.admin.listGroups()).groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(prefix));
  }

  async disconnect(): Promise<void> {
    await this.admin.disconnect();
  }
}
