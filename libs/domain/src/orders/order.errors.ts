import { DomainError } from '@app/common';

/** Codes of the order area, all `ORDER.*`: clients branch on them, so they never change. */
export const OrderErrorCode = {
  NOT_FOUND: 'ORDER.NOT_FOUND',
  FORBIDDEN: 'ORDER.FORBIDDEN',
  INVALID_CURSOR: 'ORDER.INVALID_CURSOR',
  IDEMPOTENCY_KEY_REUSED: 'ORDER.IDEMPOTENCY_KEY_REUSED',
  INVALID_IDEMPOTENCY_KEY: 'ORDER.INVALID_IDEMPOTENCY_KEY',
  INVALID_TRANSITION: 'ORDER.INVALID_TRANSITION',
  STORE_UNAVAILABLE: 'ORDER.STORE_UNAVAILABLE',
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
