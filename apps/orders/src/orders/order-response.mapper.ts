import type { Order, Quote } from '@app/domain';
import { OrderQuoteDto, OrderResponseDto } from './dto/order-response.dto';

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
    ...(order.pricing
      ? {
          lines: order.lines.map((line) => ({ productId: line.productId ?? '', name: line.name, unitPrice: line.unitPrice?.major ?? 0, quantity: line.quantity })),
          subtotal: order.pricing.subtotal.major,
          fee: order.pricing.fee.major,
          total: order.pricing.total.major,
        }
      : {}),
    status: order.status,
    statusHistory: order.history.map((change) => ({ status: change.status, at: change.at.toISOString(), ...(change.reason !== undefined ? { reason: change.reason } : {}) })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.processedAt ? { processedAt: order.processedAt.toISOString() } : {}),
    payment: order.payment && {
      status: order.payment.status,
      amount: order.payment.amount.major,
      currency: order.payment.currency,
      refunded: order.payment.refunded.major,
    },
  };
}

/** The current price of an order of catalog products, as ORDER.PRICE_CHANGED's details show it. */
export function toQuoteResponse(quote: Quote): OrderQuoteDto {
  return {
    lines: quote.lines.map((line) => ({ productId: line.productId, name: line.name, unitPrice: line.unitPrice.major, quantity: line.quantity })),
    subtotal: quote.subtotal.major,
    fee: quote.fee.major,
    total: quote.total.major,
  };
}
