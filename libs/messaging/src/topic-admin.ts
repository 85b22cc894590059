import { Inject, Injectable, Logger } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA, TOPICS } from './messaging.tokens';
import { COMPACTED_TOPICS, Topic } from '@app/contracts';
import type { ResolvedTopics } from './messaging.module';
import { whileMetadataPending } from './metadata-pending';

const PARTITIONS = 3;

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
  ) {}

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = (Object.keys(this.topics) as (keyof typeof Topic)[]).filter((key) => !existing.has(this.topics[key]));
      if (missing.length === 0) return;
      await admin.createTopics({
        topics: missing.map((key) => ({
          topic: this.topics[key],
          numPartitions: PARTITIONS,
          ...(COMPACTED_TOPICS.includes(Topic[key]) ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
        })),
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

  /** Until every partition of the topics has a leader in the metadata the broker asked answers. */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    await whileMetadataPending(async () => {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
      if (leaderless.length > 0) throw Object.assign(new Error(`no leaders yet for ${leaderless.map((topic) => topic.name).join(', ')}`), { type: 'LEADER_NOT_AVAILABLE' });
    });
  }
}
