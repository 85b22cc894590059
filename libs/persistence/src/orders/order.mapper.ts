import { Types } from 'mongoose';
import { Money, Order } from '@app/domain';
import { OrderDocument, OrderOutboxDocument } from './order.schema';

/** The one translation between the domain's Order and the stored document. */
export function toOrderDocument(order: Order, outbox: OrderOutboxDocument): OrderDocument {
  return {
    _id: new Types.ObjectId(order.id),
    userid: order.userId,
    costMinor: order.cost.minor,
    orderitems: order.lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      ...(line.unitPrice !== undefined ? { priceMinor: line.unitPrice.minor } : {}),
    })),
    status: order.status,
    statusHistory: order.history.map((change) => ({ status: change.status, at: change.at })),
    outbox,
    outboxPending: !outbox.published,
    ...(order.idempotency ? { idempotency: { key: order.idempotency.key, requestHash: order.idempotency.requestHash } } : {}),
    ...(order.correlationId !== undefined ? { correlationId: order.correlationId } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    ...(order.processedAt ? { processedAt: order.processedAt } : {}),
  };
}

export function toOrder(document: OrderDocument): Order {
  return {
    id: document._id.toHexString(),
    userId: document.userid,
    cost: Money.ofMinor(document.costMinor),
    lines: document.orderitems.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      // Documents written before prices were optional may hold null.
      ...(item.priceMinor !== undefined && item.priceMinor !== null ? { unitPrice: Money.ofMinor(item.priceMinor) } : {}),
    })),
    status: document.status,
    history: document.statusHistory.map((change) => ({ status: change.status, at: change.at })),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    ...(document.processedAt ? { processedAt: document.processedAt } : {}),
    ...(document.idempotency ? { idempotency: { key: document.idempotency.key, requestHash: document.idempotency.requestHash } } : {}),
    ...(document.correlationId !== undefined && document.correlationId !== null ? { correlationId: document.correlationId } : {}),
  };
}
