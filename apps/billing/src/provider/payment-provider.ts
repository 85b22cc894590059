/** A charge billing asks for: one per order, under a key derived from the order. */
export interface ChargeRequest {
  orderId: string;
  userId: string;
  amountMinor: number;
  currency: string;
  paymentMethod: string;
}

/**
 * What a charge came to. `unknown`: no answer (a timeout, a dropped connection, a 5xx, a key in
 * use): the provider may or may not have charged; billing finds out before it decides.
 * `refused`: the request can never succeed as it is (a 4xx other than a decline).
 */
export type ChargeOutcome =
  | { kind: 'captured'; providerId: string; amountMinor: number }
  | { kind: 'declined'; declineCode: string; message: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unknown'; error: string };

/** A PaymentIntent the provider holds for an order, as billing needs to judge it. */
export interface ProviderCharge {
  providerId: string;
  status: 'captured' | 'declined' | 'open' | 'canceled';
  amountMinor: number;
  declineCode?: string;
  message?: string;
}

/** A refund as the provider keeps it. */
export interface ProviderRefund {
  refundId: string;
  paymentIntentId: string;
  amountMinor: number;
}

export type RefundOutcome =
  | { kind: 'refunded'; refundId: string; amountMinor: number }
  /** 404, or nothing left to refund: there is nothing to undo. */
  | { kind: 'nothing'; reason: string }
  | { kind: 'failed'; error: string };

/** The payment provider as billing uses it (StripePaymentProvider; fakes in unit tests). */
export abstract class PaymentProvider {
  /** Creates and confirms a PaymentIntent, captured at once, under the key `charge:<order id>`. */
  abstract charge(request: ChargeRequest): Promise<ChargeOutcome>;

  /** Every PaymentIntent made for the order (by its metadata), newest first. Throws when the provider does not answer. */
  abstract chargesOf(orderId: string): Promise<ProviderCharge[]>;

  /** Refunds `amountMinor` of a PaymentIntent under `key` (a retry reuses it). */
  abstract refund(paymentIntentId: string, amountMinor: number, key: string, metadata: Record<string, string>): Promise<RefundOutcome>;

  /** Cancels an uncaptured PaymentIntent; 'nothing' when it is gone or settled. Throws when the provider does not answer. */
  abstract cancel(paymentIntentId: string, key: string): Promise<'canceled' | 'nothing'>;

  /** Every PaymentIntent the provider holds, with the order it was made for (reconciliation). */
  abstract listCharges(): Promise<(ProviderCharge & { orderId?: string })[]>;

  /** Every refund the provider made (reconciliation). */
  abstract listRefunds(): Promise<ProviderRefund[]>;

  /** Answers when the provider answers (readiness). */
  abstract ping(): Promise<void>;
}

/** The one idempotency key of an order's charge: a retry after a crash, a timeout or a restart reuses it. */
export const chargeKey = (orderId: string): string => `charge:${orderId}`;
