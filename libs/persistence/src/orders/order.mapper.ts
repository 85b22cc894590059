import { Types } from 'mongoose';
import { Money, Order } from '@app/domain';
import { OrderDocument, OrderOutboxDocument } from './order.schema';

/** Present and not null: documents written before a field existed may hold null. */
function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/** The one translation between the domain's Order and the stored document. */
export function toOrderDocument(order: Order, outbox: OrderOutboxDocument): OrderDocument {
  return {
    _id: new Types.ObjectId(order.id),
    userid: order.userId,
    costMinor: order.cost.minor,
    orderitems: order.lines.map((line) => ({
      ...(line.productId !== undefined ? { productId: line.productId } : {}),
      name: line.name,
      quantity: line.quantity,
      ...(line.unitPrice !== undefined ? { priceMinor: line.unitPrice.minor } : {}),
    })),
    ...(order.pricing ? { subtotalMinor: order.pricing.subtotal.minor, feeMinor: order.pricing.fee.minor } : {}),
    status: order.status,
    statusHistory: order.history.map((change) => ({ status: change.status, at: change.at, ...(change.reason !== undefined ? { reason: change.reason } : {}) })),
    outbox,
    outboxPending: !outbox.published,
    ...(order.idempotency ? { idempotency: { key: order.idempotency.key, requestHash: order.idempotency.requestHash } } : {}),
    ...(order.correlationId !== undefined ? { correlationId: order.correlationId } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    ...(order.processedAt ? { processedAt: order.processedAt } : {}),
    ...(order.paymentMethod !== undefined ? { paymentMethod: order.paymentMethod } : {}),
    payment: order.payment && {
      status: order.payment.status,
      amountMinor: order.payment.amount.minor,
      currency: order.payment.currency,
      refundedMinor: order.payment.refunded.minor,
    },
  };
}

export function toOrder(document: OrderDocument): Order {
  return {
    id: document._id.toHexString(),
    userId: document.userid,
    cost: Money.ofMinor(document.costMinor),
    lines: document.orderitems.map((item) => ({
      ...(isSet(item.productId) ? { productId: item.productId } : {}),
      name: item.name,
      quantity: item.quantity,
      // Documents written before prices were optional may hold null.
      ...(item.priceMinor !== undefined && item.priceMinor !== null ? { unitPrice: Money.ofMinor(item.priceMinor) } : {}),
    })),
    ...(isSet(document.subtotalMinor) && isSet(document.feeMinor)
      ? { pricing: { subtotal: Money.ofMinor(document.subtotalMinor), fee: Money.ofMinor(document.feeMinor), total: Money.ofMinor(document.costMinor) } }
      : {}),
    status: document.status,
    history: document.statusHistory.map((change) => ({ status: change.status, at: change.at, ...(isSet(change.reason) ? { reason: change.reason } : {}) })),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    ...(document.processedAt ? { processedAt: document.processedAt } : {}),
    ...(document.idempotency ? { idempotency: { key: document.idempotency.key, requestHash: document.idempotency.requestHash } } : {}),
    ...(document.correlationId !== undefined && document.correlationId !== null ? { correlationId: document.correlationId } : {}),
    ...(isSet(document.paymentMethod) ? { paymentMethod: document.paymentMethod } : {}),
    // A payment written whole (a status alone, set on an order stored before payments, is not one).
    payment: isSet(document.payment) && typeof document.payment.amountMinor === 'number'
      ? {
          status: document.payment.status,
          amount: Money.ofMinor(document.payment.amountMinor),
          currency: document.payment.currency,
          refunded: Money.ofMinor(document.payment.refundedMinor),
        }
      : null,
  };
}
