import type { Order } from '@app/domain';
import { EventHeader, ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION, OrderPlacedEventV1, OutgoingEvent } from '@app/contracts';
import { TRACEPARENT_HEADER } from '@app/observability';

/** OrderPlaced v1 from the domain's order: the event contract, apart from the HTTP response. */
export function toOrderPlacedEvent(order: Order): OrderPlacedEventV1 {
  const createdAt = order.createdAt.toISOString();
  return {
    schemaVersion: ORDER_PLACED_SCHEMA_VERSION,
    type: ORDER_PLACED_EVENT,
    eventId: `${order.id}:placed`,
    occurredAt: createdAt,
    order: {
      orderid: order.id,
      userid: order.userId,
      cost: order.cost.major,
      costMinor: order.cost.minor,
      orderitems: order.lines.map((line) => ({
        ...(line.productId !== undefined ? { productId: line.productId } : {}),
        name: line.name,
        quantity: line.quantity,
        ...(line.unitPrice !== undefined ? { price: line.unitPrice.major } : {}),
      })),
      ...(order.pricing ? { subtotalMinor: order.pricing.subtotal.minor, feeMinor: order.pricing.fee.minor } : {}),
      ...(order.paymentMethod !== undefined ? { paymentMethod: order.paymentMethod } : {}),
      status: 'PLACED',
      createdAt,
    },
  };
}

/**
 * The Kafka message of an order's OrderPlaced: keyed by order id, so one order's events keep
 * their order; in the placing request's trace when its outbox entry stored one.
 */
export function toOrderPlacedMessage(topic: string, order: Order, traceparent?: string): OutgoingEvent {
  return {
    topic,
    key: order.id,
    value: toOrderPlacedEvent(order),
    headers: {
      [EventHeader.CORRELATION_ID]: order.correlationId ?? order.id,
      [EventHeader.EVENT_TYPE]: ORDER_PLACED_EVENT,
      [EventHeader.SCHEMA_VERSION]: String(ORDER_PLACED_SCHEMA_VERSION),
      ...(traceparent ? { [TRACEPARENT_HEADER]: traceparent } : {}),
    },
  };
}
