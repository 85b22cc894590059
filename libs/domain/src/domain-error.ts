/**
 * What kind of refusal a domain error is. The edge decides what that means for its caller:
 * an HTTP status (the HTTP layer's one filter), a dead-letter reason, a log line.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-failed' | 'unprocessable' | 'too-many' | 'unavailable';

export interface DomainErrorOptions {
  cause?: unknown;
  /** For 'unavailable' and 'too-many': when trying again may succeed. */
  retryAfterSeconds?: number;
  /** What the caller needs to act on the refusal (the error shape's `details`). */
  details?: unknown;
}

/**
 * An error of the business rules with a stable code (`ORDER.NOT_FOUND`, one prefix per area).
 * Services throw these and know nothing of HTTP; controllers and message handlers reach the
 * same errors.
 */
export class DomainError extends Error {
  readonly retryAfterSeconds?: number;
  readonly details?: unknown;

  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }
}
