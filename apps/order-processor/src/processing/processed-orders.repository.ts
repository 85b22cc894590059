import type { OrderStatus } from '@app/domain';

export interface ProcessOutcome {
  /** Orders moved to PROCESSED by this call (the rest were already, or are missing). */
  processed: number;
  missing: Set<string>;
  /**
   * Orders that left PLACED another way first (a cancel before the stock was reserved, an
   * OrderPlaced redelivered after a cancel): they are not PROCESSED and must not be announced so.
   */
  movedOn: Set<string>;
}

/** 'moved-on': the order had left PLACED another way (PROCESSED, say); nothing changed. */
export type RejectOutcome = 'rejected' | 'already-rejected' | 'moved-on' | 'missing';

/** 'not-allowed': REJECTED, so there is nothing to cancel. */
export type CancelOutcome = 'cancelled' | 'already-cancelled' | 'not-allowed' | 'missing';

/** What billing charged an order: written into the order with PROCESSED. */
export interface CapturedPayment {
  amountMinor: number;
  currency: string;
}

/** 'refunded': now REFUNDED; `recorded:<status>`: its payment is recorded, its status (CANCELLED, say) kept. */
export type RefundOutcome = 'refunded' | `recorded:${OrderStatus}` | 'missing';

/** The worker's storage, as a DI token (MongoProcessedOrdersRepository in the app, fakes in unit tests). */
export abstract class ProcessedOrdersRepository {
  /**
   * Moves each order to PROCESSED once: a guarded move, so a redelivered event finds the
   * status moved on and changes nothing. Answers which of the ids do not exist, and which are in
   * another state than PROCESSED.
   */
  abstract markProcessed(orderIds: string[], at: Date, payments?: ReadonlyMap<string, CapturedPayment>): Promise<ProcessOutcome>;

  /** PLACED → REJECTED once, with the reason in the history; the payment's status too when it is paid. */
  abstract markRejected(orderId: string, reason: string, at: Date, paymentStatus?: 'DECLINED' | 'CANCELLED'): Promise<RejectOutcome>;

  /**
   * Money went back. With `reason` (a product withdrawn): PROCESSED → REFUNDED with the reason in
   * the history; otherwise (or when the order is not PROCESSED) only its payment is updated.
   */
  abstract markRefunded(orderId: string, totalRefundedMinor: number, at: Date, reason?: string): Promise<RefundOutcome>;

  /** PLACED or PROCESSED → CANCELLED once. */
  abstract markCancelled(orderId: string, at: Date): Promise<CancelOutcome>;
}
