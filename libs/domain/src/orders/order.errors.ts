import { DomainError } from '../domain-error';

/** Codes of the order area, all `ORDER.*`: clients branch on them, so they never change. */
export const OrderErrorCode = {
  NOT_FOUND: 'ORDER.NOT_FOUND',
  FORBIDDEN: 'ORDER.FORBIDDEN',
  INVALID_CURSOR: 'ORDER.INVALID_CURSOR',
  IDEMPOTENCY_KEY_REUSED: 'ORDER.IDEMPOTENCY_KEY_REUSED',
  INVALID_IDEMPOTENCY_KEY: 'ORDER.INVALID_IDEMPOTENCY_KEY',
  INVALID_TRANSITION: 'ORDER.INVALID_TRANSITION',
  STORE_UNAVAILABLE: 'ORDER.STORE_UNAVAILABLE',
  UNKNOWN_PRODUCT: 'ORDER.UNKNOWN_PRODUCT',
  PRICE_CHANGED: 'ORDER.PRICE_CHANGED',
  TOTAL_TOO_LARGE: 'ORDER.TOTAL_TOO_LARGE',
  CANCEL_UNAVAILABLE: 'ORDER.CANCEL_UNAVAILABLE',
} as const;

/** Also for an order of another user: its existence is not the caller's business. */
export class OrderNotFoundError extends DomainError {
  constructor(readonly orderId: string) {
    super(OrderErrorCode.NOT_FOUND, 'not-found', `Order ${orderId} not found`);
  }
}

export class OrderForbiddenError extends DomainError {
  constructor(message: string) {
    super(OrderErrorCode.FORBIDDEN, 'forbidden', message);
  }
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super(OrderErrorCode.INVALID_CURSOR, 'invalid', 'cursor is not one this API gave out');
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super(OrderErrorCode.INVALID_IDEMPOTENCY_KEY, 'invalid', 'Idempotency-Key must be 1–128 of letters, digits, . _ : -');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(OrderErrorCode.IDEMPOTENCY_KEY_REUSED, 'unprocessable', 'This Idempotency-Key was already used with a different request');
  }
}

export class OrderTransitionError extends DomainError {
  constructor(orderId: string, from: string, to: string) {
    super(OrderErrorCode.INVALID_TRANSITION, 'conflict', `Order ${orderId} cannot go from ${from} to ${to}`);
  }
}

/** Nothing was written; the caller may retry after `retryAfterSeconds`. */
export class OrderStoreUnavailableError extends DomainError {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super(OrderErrorCode.STORE_UNAVAILABLE, 'unavailable', 'The order store is unavailable; nothing was written, retry later', {
      retryAfterSeconds,
      cause,
    });
  }
}

/** Products the orders side's copy of the catalog does not have, or has as deleted (by order line). */
export class UnknownProductError extends DomainError {
  constructor(readonly unknown: { index: number; productId: string }[]) {
    super(OrderErrorCode.UNKNOWN_PRODUCT, 'unprocessable', `Not in the catalog: ${unknown.map((line) => line.productId).join(', ')}`);
  }
}

/** The cost the client sent is not the server's total: `details` is the current quote. */
export class PriceChangedError extends DomainError {
  constructor(sentCost: number, quote: unknown) {
    super(OrderErrorCode.PRICE_CHANGED, 'conflict', `The order costs something else now than the ${sentCost} sent; see details for the current price`, {
      details: quote,
    });
  }
}

export class OrderTotalTooLargeError extends DomainError {
  constructor(total: number) {
    super(OrderErrorCode.TOTAL_TOO_LARGE, 'unprocessable', `The order's total ${total} is more than the 1000000000 one order may cost`);
  }
}

/** The cancel could not be handed on (Kafka is away): nothing was requested, try again. */
export class CancelUnavailableError extends DomainError {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super(OrderErrorCode.CANCEL_UNAVAILABLE, 'unavailable', 'The cancel could not be requested now; nothing changed, retry later', { retryAfterSeconds, cause });
  }
}
