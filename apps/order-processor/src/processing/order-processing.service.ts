import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  DeadLetterHeader,
  DeadLetterReason,
  EventHeader,
  EventPublisher,
  IncomingEvent,
  ORDER_PROCESSED_EVENT,
  ORDER_PROCESSED_SCHEMA_VERSION,
  OrderProcessedEventV1,
  TOPICS,
} from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import { processorConfig } from '../processor.config';
import { parseOrderPlaced, PlacedOrderRef } from './order-placed.parser';
import { ProcessedOrdersRepository } from './processed-orders.repository';

export type HandlingOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'aborted';

/** Thrown out of a retry loop when the worker is shutting down: the message stays uncommitted. */
class Aborted extends Error {}

/**
 * Takes one OrderPlaced from PLACED to PROCESSED. Transient failures are retried with
 * backoff until they pass (the partition waits; nothing is skipped); poison goes to the DLQ.
 */
@Injectable()
export class OrderProcessingService {
  private readonly logger = new Logger(OrderProcessingService.name);

  constructor(
    private readonly orders: ProcessedOrdersRepository,
    private readonly publisher: EventPublisher,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(processorConfig.KEY) private readonly config: ConfigType<typeof processorConfig>,
  ) {}

  async handle(message: IncomingEvent, stopping: () => boolean): Promise<HandlingOutcome> {
    try {
      const parsed = parseOrderPlaced(message.value);
      if (!parsed.ok) {
        await this.deadLetter(message, parsed.reason, parsed.detail, stopping);
        return 'dead-lettered';
      }
      return await this.process(message, parsed.order, stopping);
    } catch (error) {
      if (error instanceof Aborted) return 'aborted';
      throw error;
    }
  }

  private async process(message: IncomingEvent, order: PlacedOrderRef, stopping: () => boolean): Promise<HandlingOutcome> {
    for (let missingAttempts = 0; ; missingAttempts++) {
      const processedAt = new Date();
      const outcome = await this.retrying('mark the order processed', stopping, () =>
        this.orders.markProcessed(order.orderid, processedAt),
      );
      if (outcome === 'missing') {
        if (missingAttempts >= this.config.notFoundRetries) {
          await this.deadLetter(message, 'ORDER_NOT_FOUND', `order ${order.orderid} does not exist`, stopping);
          return 'dead-lettered';
        }
        await this.pause(this.backoff(missingAttempts), stopping);
        continue;
      }
      // Emitted again for a duplicate too: the first emit may have failed before the commit.
      await this.retrying('emit OrderProcessed', stopping, () => this.emitProcessed(order, processedAt));
      return outcome === 'processed' ? 'processed' : 'duplicate';
    }
  }

  private emitProcessed(order: PlacedOrderRef, processedAt: Date): Promise<void> {
    const event: OrderProcessedEventV1 = {
      schemaVersion: ORDER_PROCESSED_SCHEMA_VERSION,
      type: ORDER_PROCESSED_EVENT,
      eventId: `${order.orderid}:processed`,
      occurredAt: processedAt.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status: 'PROCESSED', processedAt: processedAt.toISOString() },
    };
    return this.publisher.publish([
      {
        topic: this.topics.ORDER_PROCESSED,
        key: order.orderid,
        value: event,
        headers: {
          [EventHeader.EVENT_TYPE]: ORDER_PROCESSED_EVENT,
          [EventHeader.SCHEMA_VERSION]: String(ORDER_PROCESSED_SCHEMA_VERSION),
        },
      },
    ]);
  }

  private async deadLetter(message: IncomingEvent, reason: DeadLetterReason, detail: string, stopping: () => boolean): Promise<void> {
    this.logger.warn({ reason, detail, partition: message.partition, offset: message.offset }, 'dead-lettering a message');
    await this.retrying('dead-letter a message', stopping, () =>
      this.publisher.publishRaw({
        topic: this.topics.ORDER_PLACED_DLQ,
        key: message.key,
        value: message.rawValue,
        headers: {
          ...message.headers,
          [DeadLetterHeader.REASON]: reason,
          [DeadLetterHeader.DETAIL]: detail,
          [DeadLetterHeader.SOURCE_TOPIC]: message.topic,
          [DeadLetterHeader.SOURCE_PARTITION]: String(message.partition),
          [DeadLetterHeader.SOURCE_OFFSET]: message.offset,
          [DeadLetterHeader.FAILED_AT]: new Date().toISOString(),
        },
      }),
    );
  }

  private async retrying<T>(what: string, stopping: () => boolean, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (stopping()) throw new Aborted();
      try {
        return await operation();
      } catch (error) {
        const delayMs = this.backoff(attempt);
        if (attempt === 0 || attempt % 10 === 0) {
          this.logger.warn({ err: error, attempt, retryInMs: delayMs }, `could not ${what}; retrying`);
        }
        await this.pause(delayMs, stopping);
      }
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.config.retryInitialMs * 2 ** Math.min(attempt, 16), this.config.retryMaxMs);
  }

  private async pause(ms: number, stopping: () => boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (stopping()) throw new Aborted();
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
    }
  }
}
