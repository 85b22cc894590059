import { Inject, Injectable, Logger } from '@nestjs/common';
import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { kafkaConfig } from '@app/config';
import { KAFKA, TOPICS } from './messaging.tokens';
import { COMPACTED_TOPICS, DEAD_LETTER_TOPICS, Topic } from '@app/contracts';
import type { KafkaSettings } from './kafka-client-config';
import type { ResolvedTopics } from './messaging.tokens';
import { whileMetadataPending } from './metadata-pending';

const PARTITIONS = 3;
/** DescribeConfigs' source of a setting made for the topic itself (not a broker default). */
const TOPIC_CONFIG_SOURCE = 1;

/**
 * Creates the platform's topics when they are missing, so a consumer can subscribe before
 * any producer wrote (docker-compose's kafka-init does the same for real deployments).
 */
@Injectable()
export class TopicAdmin {
  private readonly logger = new Logger(TopicAdmin.name);

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(kafkaConfig.KEY) private readonly settings: KafkaSettings,
  ) {}

  private configOf(key: keyof typeof Topic): { name: string; value: string }[] {
    if (COMPACTED_TOPICS.includes(Topic[key])) return [{ name: 'cleanup.policy', value: 'compact' }];
    if (DEAD_LETTER_TOPICS.includes(Topic[key])) return [{ name: 'retention.ms', value: String(this.settings.deadLetterRetentionMs) }];
    return [];
  }

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const keys = Object.keys(this.topics) as (keyof typeof Topic)[];
      await this.keepDeadLettersRetention(admin, keys.filter((key) => existing.has(this.topics[key]) && DEAD_LETTER_TOPICS.includes(Topic[key])));
      const missing = keys.filter((key) => !existing.has(this.topics[key]));
      if (missing.length === 0) return;
      await admin.createTopics({
        topics: missing.map((key) => ({ topic: this.topics[key], numPartitions: PARTITIONS, configEntries: this.configOf(key) })),
        // kafkajs' own wait gives up when the broker it asks has not heard of the topic yet
        // (UNKNOWN_TOPIC_OR_PARTITION), which a cluster's other brokers answer for a moment.
        waitForLeaders: false,
      });
      await this.waitForLeaders(admin, missing.map((key) => this.topics[key]));
      this.logger.log({ topics: missing.map((key) => this.topics[key]) }, 'created missing topics');
    } finally {
      await admin.disconnect();
    }
  }

  /** Dead-letter topics made before (or by another tool) get the configured retention too. */
  private async keepDeadLettersRetention(admin: Admin, keys: (keyof typeof Topic)[]): Promise<void> {
    if (keys.length === 0) return;
    const wanted = String(this.settings.deadLetterRetentionMs);
    const described = await admin.describeConfigs({
      resources: keys.map((key) => ({ type: ConfigResourceTypes.TOPIC, name: this.topics[key] })),
      includeSynonyms: false,
    });
    const drifted = described.resources.filter((resource) => resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue !== wanted);
    if (drifted.length === 0) return;
    // AlterConfigs replaces a topic's own settings as a whole: the others it has are sent again.
    await admin.alterConfigs({
      validateOnly: false,
      resources: drifted.map((resource) => ({
        type: ConfigResourceTypes.TOPIC,
        name: resource.resourceName,
        configEntries: [
          ...resource.configEntries
            .filter((entry) => entry.configSource === TOPIC_CONFIG_SOURCE && entry.configName !== 'retention.ms')
            .map((entry) => ({ name: entry.configName, value: entry.configValue })),
          { name: 'retention.ms', value: wanted },
        ],
      })),
    });
    this.logger.log({ topics: drifted.map((resource) => resource.resourceName), retentionMs: wanted }, 'dead-letter topics given their retention');
  }

  /** Until every partition of the topics has a leader in the metadata the broker asked answers. */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    await whileMetadataPending(async () => {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
      if (leaderless.length > 0) throw Object.assign(new Error(`no leaders yet for ${leaderless.map((topic) => topic.name).join(', ')}`), { type: 'LEADER_NOT_AVAILABLE' });
    });
  }
}
