import type { Order } from '@app/domain';
import { OrderResponseDto } from './dto/order-response.dto';

/** The API's view of an order. The event has its own mapper: changing one leaves the other alone. */
export function toOrderResponse(order: Order): OrderResponseDto {
  return {
    orderid: order.id,
    userid: order.userId,
    cost: order.cost.major,
    orderitems: order.lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      ...(line.unitPrice !== undefined ? { price: line.unitPrice.major } : {}),
    })),
    status: order.status,
    statusHistory: order.history.map((change) => ({ status: change.status, at: change.at.toISOString() })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.processedAt ? { processedAt: order.processedAt.toISOString() } : {}),
  };
}
