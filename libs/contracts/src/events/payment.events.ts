/**
 * Billing's events, version 1, on `billing.payments`: keyed by order id, JSON values, headers
 * `event-type` and `schema-version`. Each is written once per provider operation, in the
 * transaction that records it in billing's ledger. Amounts are integers in minor units of
 * `currency` (ISO 4217, lower case as the provider writes it).
 */
export const PAYMENT_CAPTURED_EVENT = 'PaymentCaptured';
export const PAYMENT_DECLINED_EVENT = 'PaymentDeclined';
export const PAYMENT_REFUNDED_EVENT = 'PaymentRefunded';
export const PAYMENT_EVENTS_SCHEMA_VERSION = 1;

interface PaymentEventBase {
  schemaVersion: typeof PAYMENT_EVENTS_SCHEMA_VERSION;
  /** `<order id>:captured`, `<order id>:declined`, `<order id>:refunded:<compensation id>`. */
  eventId: string;
  occurredAt: string;
  order: { orderid: string; userid: string };
}

export interface PaymentCapturedEventV1 extends PaymentEventBase {
  type: typeof PAYMENT_CAPTURED_EVENT;
  payment: { amountMinor: number; currency: string; providerId: string };
}

/**
 * PAYMENT_DECLINED: the provider refused the payment method (its decline code, e.g.
 * `insufficient_funds`); PAYMENT_UNAVAILABLE: the provider could not be reached (or kept failing)
 * until the order's payment deadline.
 */
export type PaymentFailure = 'PAYMENT_DECLINED' | 'PAYMENT_UNAVAILABLE';

export interface PaymentDeclinedEventV1 extends PaymentEventBase {
  type: typeof PAYMENT_DECLINED_EVENT;
  payment: { reason: PaymentFailure; declineCode?: string; message: string; currency: string };
}

/** Why money went back: the buyer cancelled, a product was withdrawn, or an undo after a race or a deadline. */
export type RefundCause = 'CANCELLED' | 'PRODUCT_WITHDRAWN' | 'CANCEL_RACED' | 'PAYMENT_DEADLINE';

export interface PaymentRefundedEventV1 extends PaymentEventBase {
  type: typeof PAYMENT_REFUNDED_EVENT;
  payment: {
    cause: RefundCause;
    /** This refund. */
    refundedMinor: number;
    /** Refunded of the order so far, this refund included. */
    totalRefundedMinor: number;
    currency: string;
    providerId: string;
    /** PRODUCT_WITHDRAWN: the product whose deletion caused it. */
    productId?: string;
  };
}

export type PaymentEventV1 = PaymentCapturedEventV1 | PaymentDeclinedEventV1 | PaymentRefundedEventV1;
