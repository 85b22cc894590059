import { Money } from '../money';
import { OrderStatus } from './order-status';

export interface OrderLine {
  /** A catalog product's id: the server priced this line. */
  productId?: string;
  name: string;
  quantity: number;
  /** When the client named one. */
  unitPrice?: Money;
}

export interface StatusChange {
  status: OrderStatus;
  at: Date;
  /** Why, when there is more to say than the status: a rejection's reasons. */
  reason?: string;
}

/** How an Idempotency-Key replay is told apart from a different request under the same key. */
export interface OrderIdempotency {
  key: string;
  requestHash: string;
}

/** The server's price of an order of catalog products; its `cost` is the total. */
export interface OrderPricing {
  subtotal: Money;
  fee: Money;
  total: Money;
}

export const PAYMENT_STATUSES = ['PENDING', 'CAPTURED', 'DECLINED', 'REFUNDED', 'CANCELLED'] as const;
/** CANCELLED: nothing was taken (the order ended before its charge), or an uncaptured intent was cancelled. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Where an order's payment stands, as billing reported it. */
export interface OrderPayment {
  status: PaymentStatus;
  amount: Money;
  /** ISO 4217, lower case. */
  currency: string;
  refunded: Money;
}

/** An order as the business sees it: no storage, transport or HTTP shapes. */
export interface Order {
  /** 24 hexadecimal digits. */
  id: string;
  userId: string;
  cost: Money;
  lines: OrderLine[];
  /** Orders of catalog products only; client-priced orders have none. */
  pricing?: OrderPricing;
  status: OrderStatus;
  history: StatusChange[];
  createdAt: Date;
  updatedAt: Date;
  processedAt?: Date;
  idempotency?: OrderIdempotency;
  /** The request that placed it, carried into its events. */
  correlationId?: string;
  /** The buyer's payment method (billing charges it); absent when orders are not paid. */
  paymentMethod?: string;
  /** null: the platform takes no payment (PAYMENTS_ENABLED=false). */
  payment: OrderPayment | null;
}

export interface NewOrder {
  id: string;
  userId: string;
  cost: Money;
  lines: OrderLine[];
  pricing?: OrderPricing;
  idempotency?: OrderIdempotency;
  correlationId?: string;
  paymentMethod?: string;
  /** The order's currency when it is paid; absent: it is not. */
  currency?: string;
  at: Date;
}

export function placeOrder(input: NewOrder): Order {
  const { at, currency, ...order } = input;
  const payment = currency === undefined ? null : { status: 'PENDING' as const, amount: order.cost, currency, refunded: Money.ofMinor(0) };
  return { ...order, payment, status: 'PLACED', history: [{ status: 'PLACED', at }], createdAt: at, updatedAt: at };
}

/** The order as it was when it was accepted: what an idempotent replay answers. */
export function asAccepted(order: Order): Order {
  const accepted = order.history[0];
  const payment = order.payment && { ...order.payment, status: 'PENDING' as const, refunded: Money.ofMinor(0) };
  return { ...order, status: accepted.status, history: [accepted], updatedAt: order.createdAt, processedAt: undefined, payment };
}

/** Whether the server priced the order from the catalog (and the catalog reserves its stock). */
export function isCatalogOrder(order: Pick<Order, 'pricing'>): boolean {
  return order.pricing !== undefined;
}
