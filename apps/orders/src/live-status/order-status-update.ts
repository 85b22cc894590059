import { ORDER_CANCELLED_EVENT, ORDER_PROCESSED_EVENT, ORDER_REFUNDED_EVENT, ORDER_REJECTED_EVENT, OrderPaymentV1 } from '@app/contracts';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '@app/domain';

/** The payment as a buyer's page is told it, in the order's money format. */
export interface PaymentUpdate {
  status: OrderPaymentV1['status'];
  amount?: number;
  currency?: string;
  refunded?: number;
}

/** What a buyer's page is told when one of their orders changes status (or its payment does). */
export interface OrderStatusUpdate {
  orderid: string;
  userid: string;
  status: 'PROCESSED' | 'REJECTED' | 'CANCELLED' | 'REFUNDED';
  /** REJECTED, REFUNDED: why, as in the order's status history. */
  reason?: string;
  /** With payments on: where the order's payment stands now (what is known of it). */
  payment?: PaymentUpdate;
  at: string;
}

const STATUS_OF: Record<string, OrderStatusUpdate['status'] | 'FROM_ORDER'> = {
  [ORDER_PROCESSED_EVENT]: 'PROCESSED',
  [ORDER_REJECTED_EVENT]: 'REJECTED',
  [ORDER_CANCELLED_EVENT]: 'CANCELLED',
  // A refund keeps the order's status unless a product was withdrawn: the event names it.
  [ORDER_REFUNDED_EVENT]: 'FROM_ORDER',
};
const SETTLED = new Set<string>(['PROCESSED', 'REJECTED', 'CANCELLED', 'REFUNDED']);

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const minor = (value: unknown): number | undefined => (Number.isSafeInteger(value) ? (value as number) / 100 : undefined);

function paymentOf(value: unknown): PaymentUpdate | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const payment = value as Record<string, unknown>;
  if (!(PAYMENT_STATUSES as readonly unknown[]).includes(payment.status)) return undefined;
  const amount = minor(payment.amountMinor);
  const refunded = minor(payment.refundedMinor);
  return {
    status: payment.status as PaymentUpdate['status'],
    ...(amount !== undefined && { amount }),
    ...(text(payment.currency) && { currency: payment.currency }),
    ...(refunded !== undefined && { refunded }),
  };
}

/** An OrderProcessed, OrderRejected, OrderCancelled or OrderRefunded value as an update; anything else: undefined. */
export function toStatusUpdate(value: unknown): OrderStatusUpdate | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const event = value as { type?: unknown; occurredAt?: unknown; order?: Record<string, unknown> };
  const expected = typeof event.type === 'string' ? STATUS_OF[event.type] : undefined;
  const order = event.order;
  if (!expected || !order || !text(order.orderid) || !text(order.userid) || !text(event.occurredAt)) return undefined;
  const status = expected === 'FROM_ORDER' ? order.status : expected;
  if (order.status !== status || !SETTLED.has(String(status)) || !(ORDER_STATUSES as readonly unknown[]).includes(status)) return undefined;
  const payment = paymentOf(order.payment);
  return {
    orderid: order.orderid,
    userid: order.userid,
    status: status as OrderStatusUpdate['status'],
    ...((status === 'REJECTED' || status === 'REFUNDED') && text(order.reason) ? { reason: order.reason } : {}),
    ...(payment && { payment }),
    at: event.occurredAt,
  };
}
