import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DeadLetterHeader } from '@app/contracts';
import { EventPublisher } from './event-publisher.service';
import { KAFKA, TOPICS } from './messaging.tokens';
import { TopicAdmin } from './topic-admin';
import type { ResolvedTopics } from './messaging.tokens';

/**
 * Moves what waits in orders.placed.dlq back to orders.placed, headers kept and a redrive
 * count added, then commits the DLQ group's offsets so nothing is redriven twice.
 */
@Injectable()
export class DeadLetterRedriver {
  private readonly logger = new Logger(DeadLetterRedriver.name);

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    private readonly publisher: EventPublisher,
    private readonly topicAdmin: TopicAdmin,
  ) {}

  async redrive(groupId = `${this.topics.ORDER_PLACED_DLQ}.redrive`): Promise<number> {
    await this.topicAdmin.ensureTopics();
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    const reached = new Set<number>();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topics.ORDER_PLACED_DLQ);
      ends = new Map(offsets.map((partition) => [partition.partition, BigInt(partition.high)]));
      const [committed] = await admin.fetchOffsets({ groupId, topics: [this.topics.ORDER_PLACED_DLQ] });
      for (const { partition, offset } of committed?.partitions ?? []) {
        if (offset !== '-1' && BigInt(offset) >= (ends.get(partition) ?? 0n)) reached.add(partition);
      }
    } finally {
      await admin.disconnect();
    }

    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let moved = 0;
    const done = new Promise<void>((resolve) => {
      const check = () => {
        if ([...ends].every(([partition, end]) => end === 0n || reached.has(partition))) resolve();
      };
      check();
      consumer.on(consumer.events.END_BATCH_PROCESS, check);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topics.ORDER_PLACED_DLQ, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition) ?? 0n;
        if (BigInt(message.offset) >= end) {
          reached.add(partition);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined && !name.startsWith('dlq-')) headers[name] = String(value);
        }
        const count = Number(String(message.headers?.[DeadLetterHeader.REDRIVE_COUNT] ?? '0')) + 1;
        headers[DeadLetterHeader.REDRIVE_COUNT] = String(count);
        await this.publisher.publishRaw({
          topic: this.topics.ORDER_PLACED,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers,
        });
        await consumer.commitOffsets([{ topic: this.topics.ORDER_PLACED_DLQ, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        moved++;
        if (BigInt(message.offset) + 1n >= end) reached.add(partition);
      },
    });
    await done;
    await consumer.disconnect();
    this.logger.log({ moved }, 'redrove dead letters to orders.placed');
    return moved;
  }
}
