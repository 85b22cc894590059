import { ConfigType } from '@nestjs/config';
import { kafkaConfig } from '@app/config';
import { CustomStrategy, KafkaOptions, Transport } from '@nestjs/microservices';
// Nest declares its own copy of kafkajs' types; the assigners are kafkajs' own.
import type { PartitionAssigner as NestPartitionAssigner } from '@nestjs/microservices/external/kafka.interface';
import { PartitionAssigners } from 'kafkajs';
import { CoPartitionedAssigner } from './co-partitioned-assigner';
import { KafkaBatchServer } from './kafka-batch-server';
import { buildKafkaClientConfig } from './kafka-client-config';

export interface ConsumerSettings {
  groupId: string;
  clientId: string;
  partitionsConsumedConcurrently: number;
  /** Partition N of every topic to one member (CoPartitionedAssigner): an order's events meet in one instance. */
  coPartitioned?: boolean;
}

/**
 * Options of a Nest Kafka-transport consumer. Offsets are committed by the handler once its
 * work is done (autoCommit off), so a message whose database write failed is read again.
 */
export function buildKafkaConsumerOptions(settings: ConfigType<typeof kafkaConfig>, consumer: ConsumerSettings): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: buildKafkaClientConfig(settings, consumer.clientId),
      consumer: {
        groupId: consumer.groupId,
        allowAutoTopicCreation: true,
        // A crashed instance's partitions move on within seconds, not kafkajs' default minute.
        sessionTimeout: 10_000,
        rebalanceTimeout: 15_000,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: 200,
        // Round robin stays second: a group part-way through a rolling upgrade still agrees on one.
        ...(consumer.coPartitioned ? { partitionAssigners: [CoPartitionedAssigner, PartitionAssigners.roundRobin] as unknown as NestPartitionAssigner[] } : {}),
      },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false, partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently },
      postfixId: '',
    },
  };
}

/** The same consumer, handing each handler a whole fetched batch (see KafkaBatchServer). */
export function buildKafkaBatchConsumer(settings: ConfigType<typeof kafkaConfig>, consumer: ConsumerSettings): CustomStrategy {
  return { strategy: new KafkaBatchServer(buildKafkaConsumerOptions(settings, consumer).options ?? {}, settings.topicPrefix) };
}
