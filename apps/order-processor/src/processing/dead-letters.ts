import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetterHeader, DeadLetterReason } from '@app/contracts';
import { DomainError, OrderErrorCode } from '@app/domain';
import { BatchControl, causedBy, EventPublisher, IncomingEvent, retryWhileRunning, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import { deadLetters } from '@app/observability';

const DEAD_LETTER_REASON_BY_CODE: Record<string, DeadLetterReason> = { [OrderErrorCode.NOT_FOUND]: 'ORDER_NOT_FOUND' };

/**
 * Poison and orders that never turned up go to their topic's DLQ as they came, with why and
 * where from in headers, for `npm run dlq:redrive`.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
  ) {}

  /** The same domain errors the HTTP edge answers with a status become a reason here. */
  forError(message: IncomingEvent, error: DomainError, control: BatchControl): Promise<void> {
    return this.send(message, DEAD_LETTER_REASON_BY_CODE[error.code] ?? 'INVALID_EVENT', error.message, control);
  }

  /** Each source topic's own DLQ (what `npm run dlq:redrive` sends back to orders.placed is only ever OrderPlaced). */
  private deadLetterTopicOf(topic: string): string {
    if (topic === this.topics.CATALOG_STOCK) return this.topics.CATALOG_STOCK_DLQ;
    if (topic === this.topics.BILLING_PAYMENTS) return this.topics.BILLING_PAYMENTS_DLQ;
    return this.topics.ORDER_PLACED_DLQ;
  }

  async send(message: IncomingEvent, reason: DeadLetterReason, detail: string, control: BatchControl): Promise<void> {
    this.logger.warn({ reason, detail, partition: message.partition, offset: message.offset }, 'dead-lettering a message');
    deadLetters.inc({ topic: message.topic, reason });
    await retryWhileRunning(control, this.logger, 'dead-letter a message', () =>
      this.publisher.publishRaw({
        topic: this.deadLetterTopicOf(message.topic),
        key: message.key,
        value: message.rawValue,
        headers: {
          ...message.headers,
          // The redrive publishes it under this context again: the order stays in its trace.
          ...causedBy(message),
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
}
