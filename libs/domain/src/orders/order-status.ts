import { OrderTransitionError } from './order.errors';

export const ORDER_STATUSES = ['PLACED', 'PROCESSED', 'REJECTED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Which status may follow which: every write of a status is a compare-and-set from these. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  // An order of catalog products is PROCESSED once its stock is reserved, REJECTED when it cannot be.
  // The buyer may cancel until the order is settled the other way (REJECTED) or cancelled already.
  PLACED: ['PROCESSED', 'REJECTED', 'CANCELLED'],
  PROCESSED: ['CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
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
