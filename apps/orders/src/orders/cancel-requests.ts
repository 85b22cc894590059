import { Inject, Injectable } from '@nestjs/common';
import {
  EventHeader,
  ORDER_CANCEL_REQUESTED_EVENT,
  ORDER_CANCEL_SCHEMA_VERSION,
  OrderCancelRequestedEventV1,
} from '@app/contracts';
import { EventPublisher, PublishBreaker, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';

/**
 * Hands a buyer's cancel to the order processor, the one writer of order statuses (FerretDB
 * applies an update as read-modify-write, so a second writer could undo its moves). The request
 * is acknowledged by all in-sync replicas before the buyer hears 202; otherwise nothing was asked.
 */
@Injectable()
export class CancelRequests {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly breaker: PublishBreaker,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
  ) {}

  async request(orderId: string, userId: string, correlationId: string, at: Date): Promise<void> {
    const event: OrderCancelRequestedEventV1 = {
      schemaVersion: ORDER_CANCEL_SCHEMA_VERSION,
      type: ORDER_CANCEL_REQUESTED_EVENT,
      eventId: `${orderId}:cancel:${at.getTime()}`,
      occurredAt: at.toISOString(),
      order: { orderid: orderId, userid: userId },
    };
    await this.breaker.run(() =>
      this.publisher.publish([
        {
          topic: this.topics.ORDER_CANCEL_REQUESTS,
          key: orderId,
          value: event,
          headers: {
            [EventHeader.CORRELATION_ID]: correlationId,
            [EventHeader.EVENT_TYPE]: ORDER_CANCEL_REQUESTED_EVENT,
            [EventHeader.SCHEMA_VERSION]: String(ORDER_CANCEL_SCHEMA_VERSION),
          },
        },
      ]),
    );
  }
}
