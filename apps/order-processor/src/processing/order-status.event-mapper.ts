import { Inject, Injectable } from '@nestjs/common';
import {
  EventHeader,
  ORDER_CANCEL_SCHEMA_VERSION,
  ORDER_CANCELLED_EVENT,
  ORDER_PROCESSED_EVENT,
  ORDER_PROCESSED_SCHEMA_VERSION,
  ORDER_REJECTED_EVENT,
  ORDER_REJECTED_SCHEMA_VERSION,
  OrderCancelledEventV1,
  OrderProcessedEventV1,
  OrderRejectedEventV1,
  OutgoingEvent,
} from '@app/contracts';
import { causedBy, IncomingEvent, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import type { PlacedOrderRef } from './order-placed.parser';
import type { StockRejection } from './stock-outcome.parser';

/**
 * The events the processor announces, one per status it writes, each keyed by the order and
 * caused by (in the trace of) the message that moved it.
 */
@Injectable()
export class OrderStatusEventMapper {
  constructor(@Inject(TOPICS) private readonly topics: ResolvedTopics) {}

  processed(cause: IncomingEvent, order: PlacedOrderRef, at: Date): OutgoingEvent {
    const event: OrderProcessedEventV1 = {
      schemaVersion: ORDER_PROCESSED_SCHEMA_VERSION,
      type: ORDER_PROCESSED_EVENT,
      eventId: `${order.orderid}:processed`,
      occurredAt: at.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status: 'PROCESSED', processedAt: at.toISOString() },
    };
    return this.outgoing(this.topics.ORDER_PROCESSED, ORDER_PROCESSED_EVENT, ORDER_PROCESSED_SCHEMA_VERSION, order.orderid, event, cause);
  }

  rejected(cause: IncomingEvent, rejection: StockRejection, reason: string, at: Date): OutgoingEvent {
    const event: OrderRejectedEventV1 = {
      schemaVersion: ORDER_REJECTED_SCHEMA_VERSION,
      type: ORDER_REJECTED_EVENT,
      eventId: `${rejection.orderid}:rejected`,
      occurredAt: at.toISOString(),
      order: { orderid: rejection.orderid, userid: rejection.userid, status: 'REJECTED', reason, rejected: rejection.rejected },
    };
    return this.outgoing(this.topics.ORDER_REJECTED, ORDER_REJECTED_EVENT, ORDER_REJECTED_SCHEMA_VERSION, rejection.orderid, event, cause);
  }

  cancelled(cause: IncomingEvent, order: PlacedOrderRef, at: Date): OutgoingEvent {
    const event: OrderCancelledEventV1 = {
      schemaVersion: ORDER_CANCEL_SCHEMA_VERSION,
      type: ORDER_CANCELLED_EVENT,
      eventId: `${order.orderid}:cancelled`,
      occurredAt: at.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status: 'CANCELLED' },
    };
    return this.outgoing(this.topics.ORDER_CANCELLED, ORDER_CANCELLED_EVENT, ORDER_CANCEL_SCHEMA_VERSION, order.orderid, event, cause);
  }

  private outgoing(topic: string, type: string, schemaVersion: number, orderid: string, value: object, cause: IncomingEvent): OutgoingEvent {
    return {
      topic,
      key: orderid,
      value,
      headers: { [EventHeader.EVENT_TYPE]: type, [EventHeader.SCHEMA_VERSION]: String(schemaVersion), ...causedBy(cause) },
    };
  }
}
