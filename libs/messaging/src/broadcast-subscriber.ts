import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { TopicName } from '@app/contracts';
import { kafkaConfig } from '@app/config';
import { incomingEventOf, IncomingEvent } from './incoming-event';
import type { KafkaSettings } from './kafka-client-config';
import { KAFKA } from './messaging.tokens';
import { whileMetadataPending } from './metadata-pending';

export interface Broadcast {
  stop(): Promise<void>;
}

/**
 * Every instance of an app reads every new message of some topics: a consumer group of its own
 * (`<name>-<instance id>`), from the end of the topic, offsets committed by kafkajs as it goes.
 * For what each instance must see, such as a live view of statuses; not for work that must be
 * done once (that is a shared group's), nor for anything missed while it was away.
 */
@Injectable()
export class BroadcastSubscriber {
  private readonly logger = new Logger(BroadcastSubscriber.name);

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(kafkaConfig.KEY) private readonly settings: KafkaSettings,
  ) {}

  async subscribe(name: string, topics: TopicName[], onEvent: (event: IncomingEvent) => void): Promise<Broadcast> {
    const prefix = this.settings.topicPrefix;
    const groupId = `${prefix}${name}-${randomUUID()}`;
    const consumer: Consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 200, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await whileMetadataPending(() => consumer.subscribe({ topics: topics.map((topic) => `${prefix}${topic}`), fromBeginning: false }));
    await consumer.run({
      // Nothing to resume: an instance starts from the end under a new group. Without committed
      // offsets a group that loses its members (a killed instance) leaves nothing behind.
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        try {
          onEvent(incomingEventOf(topic, partition, message));
        } catch (error) {
          // A listener's failure is its own; the broadcast goes on.
          this.logger.error({ err: error, topic, offset: message.offset }, 'a broadcast listener failed');
        }
      },
    });
    return {
      stop: async () => {
        await consumer.disconnect();
        await this.deleteGroup(groupId);
      },
    };
  }

  /** Each start makes a group: the stopped instance's goes with it instead of piling up. */
  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      this.logger.warn({ err: error, groupId }, 'the broadcast consumer group could not be deleted; Kafka drops it once idle');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
