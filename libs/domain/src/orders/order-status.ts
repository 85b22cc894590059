import { OrderTransitionError } from './order.errors';

export const ORDER_STATUSES = ['PLACED', 'PROCESSED', 'REJECTED', 'CANCELLED', 'REFUNDED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Which status may follow which: every write of a status is a compare-and-set from these. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  // An order is PROCESSED once it is paid (and its stock reserved), REJECTED when either fails.
  // The buyer may cancel until the order is settled the other way (REJECTED) or cancelled already;
  // a paid order whose product is withdrawn is REFUNDED.
  PLACED: ['PROCESSED', 'REJECTED', 'CANCELLED'],
  PROCESSED: ['CANCELLED', 'REFUNDED'],
  REJECTED: [],
  CANCELLED: [],
  REFUNDED: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order may be in for a move to `to`: the filter of a guarded update. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canMove(from, to));
}

export function assertCanMove(orderId: string, from: OrderStatus, to: OrderStatus): void {
  if (!canMove(from, to)) throw new OrderTransitionError(orderId, from, to);
}
