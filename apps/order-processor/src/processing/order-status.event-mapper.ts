import { Inject, Injectable } from '@nestjs/common';
import {
  EventHeader,
  ORDER_CANCEL_SCHEMA_VERSION,
  ORDER_CANCELLED_EVENT,
  ORDER_PROCESSED_EVENT,
  ORDER_PROCESSED_SCHEMA_VERSION,
  ORDER_REFUNDED_EVENT,
  ORDER_REFUNDED_SCHEMA_VERSION,
  ORDER_REJECTED_EVENT,
  ORDER_REJECTED_SCHEMA_VERSION,
  OrderCancelledEventV1,
  OrderPaymentV1,
  OrderProcessedEventV1,
  OrderRefundedEventV1,
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

  processed(cause: IncomingEvent, order: PlacedOrderRef, at: Date, payment?: OrderPaymentV1): OutgoingEvent {
    const event: OrderProcessedEventV1 = {
      schemaVersion: ORDER_PROCESSED_SCHEMA_VERSION,
      type: ORDER_PROCESSED_EVENT,
      eventId: `${order.orderid}:processed`,
      occurredAt: at.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status: 'PROCESSED', processedAt: at.toISOString(), ...(payment && { payment }) },
    };
    return this.outgoing(this.topics.ORDER_PROCESSED, ORDER_PROCESSED_EVENT, ORDER_PROCESSED_SCHEMA_VERSION, order.orderid, event, cause);
  }

  rejected(cause: IncomingEvent, rejection: StockRejection, reason: string, at: Date, payment?: OrderPaymentV1): OutgoingEvent {
    const event: OrderRejectedEventV1 = {
      schemaVersion: ORDER_REJECTED_SCHEMA_VERSION,
      type: ORDER_REJECTED_EVENT,
      eventId: `${rejection.orderid}:rejected`,
      occurredAt: at.toISOString(),
      order: { orderid: rejection.orderid, userid: rejection.userid, status: 'REJECTED', reason, rejected: rejection.rejected, ...(payment && { payment }) },
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

  /** A refund recorded: the order's status after it (REFUNDED, or the one it kept) and its payment. */
  refunded(cause: IncomingEvent, order: PlacedOrderRef, status: string, payment: OrderPaymentV1, at: Date, reason?: string): OutgoingEvent {
    const event: OrderRefundedEventV1 = {
      schemaVersion: ORDER_REFUNDED_SCHEMA_VERSION,
      type: ORDER_REFUNDED_EVENT,
      eventId: `${order.orderid}:refunded:${payment.refundedMinor ?? 0}`,
      occurredAt: at.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status, ...(reason && { reason }), payment },
    };
    return this.outgoing(this.topics.ORDER_REFUNDED, ORDER_REFUNDED_EVENT, ORDER_REFUNDED_SCHEMA_VERSION, order.orderid, event, cause);
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
