import { DynamicModule, Module } from '@nestjs/common';
import { kafkaConfig } from '@app/config';
import { TerminusModule } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { buildKafkaClientConfig, KafkaSettings } from './kafka-client-config';
import { DeadLetterRedriver } from './dead-letter-redriver';
import { EventPublisher } from './event-publisher.service';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { TopicAdmin } from './topic-admin';
import { BroadcastSubscriber } from './broadcast-subscriber';
import { KAFKA, ResolvedTopics, TOPICS } from './messaging.tokens';
import { Topic, topicName, TopicName } from '@app/contracts';

/** Kafka for an app: the client, the topic names it uses and the readiness indicator. */
@Module({})
export class MessagingModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        {
          provide: KAFKA,
          inject: [kafkaConfig.KEY],
          useFactory: (settings: KafkaSettings) => new Kafka(buildKafkaClientConfig(settings, appName)),
        },
        {
          provide: TOPICS,
          inject: [kafkaConfig.KEY],
          useFactory: (settings: KafkaSettings): ResolvedTopics =>
            Object.fromEntries(
              Object.entries(Topic).map(([key, topic]) => [key, topicName(settings.topicPrefix, topic as TopicName)]),
            ) as ResolvedTopics,
        },
        KafkaHealthIndicator,
        EventPublisher,
        DeadLetterRedriver,
        TopicAdmin,
        BroadcastSubscriber,
      ],
      exports: [KAFKA, TOPICS, KafkaHealthIndicator, EventPublisher, DeadLetterRedriver, TopicAdmin, BroadcastSubscriber],
    };
  }
}
