import { fromMinorUnits, OrderIdempotency } from '@app/persistence';
import { ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION, OrderPlacedEventV1 } from '@app/contracts';
import { OrderResponseDto } from './dto/order-response.dto';
import type { OrderRecord } from './orders.repository';

export function toOrderResponse(order: OrderRecord): OrderResponseDto {
  return {
    orderid: order._id.toHexString(),
    userid: order.userid,
    cost: fromMinorUnits(order.costMinor),
    orderitems: order.orderitems.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      ...(item.priceMinor !== undefined && item.priceMinor !== null ? { price: fromMinorUnits(item.priceMinor) } : {}),
    })),
    status: order.status,
    statusHistory: order.statusHistory.map((change) => ({ status: change.status, at: change.at.toISOString() })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.processedAt ? { processedAt: order.processedAt.toISOString() } : {}),
  };
}

/** The 201 body as it was when the order was accepted: what an idempotent replay answers. */
export function toPlacedResponse(order: OrderRecord): OrderResponseDto {
  const placed = order.statusHistory[0];
  const response = toOrderResponse(order);
  return {
    ...response,
    status: placed.status,
    statusHistory: [{ status: placed.status, at: placed.at.toISOString() }],
    updatedAt: order.createdAt.toISOString(),
    processedAt: undefined,
  };
}

export function toOrderPlacedEvent(order: OrderRecord): OrderPlacedEventV1 {
  const response = toOrderResponse(order);
  return {
    schemaVersion: ORDER_PLACED_SCHEMA_VERSION,
    type: ORDER_PLACED_EVENT,
    eventId: `${response.orderid}:placed`,
    occurredAt: response.createdAt,
    order: {
      orderid: response.orderid,
      userid: order.userid,
      cost: response.cost,
      costMinor: order.costMinor,
      orderitems: response.orderitems,
      status: 'PLACED',
      createdAt: response.createdAt,
    },
  };
}

export type { OrderIdempotency };
