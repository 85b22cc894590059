import { ConfigType } from '@nestjs/config';
import { kafkaConfig } from '@app/config';
import { CustomStrategy, KafkaOptions, Transport } from '@nestjs/microservices';
// Nest declares its own copy of kafkajs' types; the assigners are kafkajs' own.
import type { PartitionAssigner as NestPartitionAssigner } from '@nestjs/microservices/external/kafka.interface';
import { KafkaConfig, PartitionAssigners } from 'kafkajs';
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

export const CONSUMER_SESSION_TIMEOUT_MS = 6000;
export const CONSUMER_REBALANCE_TIMEOUT_MS = 8000;
/**
 * How often a consumer retries its fetch loop or its join before kafkajs restarts it: about a
 * minute of tries (≤ 2 s apart), so a consumer outlives a broker restart as the member it was.
 * A restarted consumer rejoins as a new member, and the restarted broker's group waits a
 * session for the old one; a consumer that kept its member id heartbeats into the group as
 * the broker loaded it, with no rebalance (kafkajs' 5 gave up after ≈ 3 s of an outage).
 */
export const CONSUMER_RETRIES = 30;

/**
 * Options of a Nest Kafka-transport consumer. Offsets are committed by the handler once its
 * work is done (autoCommit off), so a message whose database write failed is read again.
 */
export function buildKafkaConsumerOptions(settings: ConfigType<typeof kafkaConfig>, consumer: ConsumerSettings): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: consumerClientConfig(settings, consumer.clientId),
      consumer: {
        groupId: consumer.groupId,
        allowAutoTopicCreation: true,
        // A crashed instance's partitions move on within seconds, not kafkajs' default minute. The
        // broker's least (group.min.session.timeout.ms): after a broker restart the group waits this
        // long for the member a consumer was before kafkajs restarted it (it rejoins as a new one).
        sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
        // How long a rebalance waits for a member to rejoin. A member kafkajs restarted mid-join
        // (NOT_COORDINATOR while the broker loads the group after a restart) is waited for this
        // long: at 15 s, the processor took billing's payments 15 s after a broker's return. Long
        // enough for a batch in flight to finish (handlers heartbeat between chunks).
        rebalanceTimeout: CONSUMER_REBALANCE_TIMEOUT_MS,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: 200,
        retry: { retries: CONSUMER_RETRIES },
        // Round robin stays second: a group part-way through a rolling upgrade still agrees on one.
        ...(consumer.coPartitioned ? { partitionAssigners: [CoPartitionedAssigner, PartitionAssigners.roundRobin] as unknown as NestPartitionAssigner[] } : {}),
      },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false, partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently },
      postfixId: '',
    },
  };
}

/** The consumer's own client: its connection and metadata retries are what give up first, so they get CONSUMER_RETRIES too. */
function consumerClientConfig(settings: ConfigType<typeof kafkaConfig>, clientId: string): KafkaConfig {
  const client = buildKafkaClientConfig(settings, clientId);
  return { ...client, retry: { ...client.retry, retries: CONSUMER_RETRIES } };
}

/** The same consumer, handing each handler a whole fetched batch (see KafkaBatchServer). */
export function buildKafkaBatchConsumer(settings: ConfigType<typeof kafkaConfig>, consumer: ConsumerSettings): CustomStrategy {
  return { strategy: new KafkaBatchServer(buildKafkaConsumerOptions(settings, consumer).options ?? {}, settings.topicPrefix) };
}
