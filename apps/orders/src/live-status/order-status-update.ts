import { ORDER_CANCELLED_EVENT, ORDER_PROCESSED_EVENT, ORDER_REJECTED_EVENT } from '@app/contracts';

/** What a buyer's page is told when one of their orders changes status. */
export interface OrderStatusUpdate {
  orderid: string;
  userid: string;
  status: 'PROCESSED' | 'REJECTED' | 'CANCELLED';
  /** REJECTED: why, as in the order's status history. */
  reason?: string;
  at: string;
}

const STATUS_OF: Record<string, OrderStatusUpdate['status']> = {
  [ORDER_PROCESSED_EVENT]: 'PROCESSED',
  [ORDER_REJECTED_EVENT]: 'REJECTED',
  [ORDER_CANCELLED_EVENT]: 'CANCELLED',
};

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** An OrderProcessed, OrderRejected or OrderCancelled value as a status update; anything else: undefined. */
export function toStatusUpdate(value: unknown): OrderStatusUpdate | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const event = value as { type?: unknown; occurredAt?: unknown; order?: Record<string, unknown> };
  const status = typeof event.type === 'string' ? STATUS_OF[event.type] : undefined;
  const order = event.order;
  if (!status || !order || !text(order.orderid) || !text(order.userid) || order.status !== status || !text(event.occurredAt)) return undefined;
  return {
    orderid: order.orderid,
    userid: order.userid,
    status,
    ...(status === 'REJECTED' && text(order.reason) ? { reason: order.reason } : {}),
    at: event.occurredAt,
  };
}
