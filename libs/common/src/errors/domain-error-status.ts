import type { DomainErrorKind } from '@app/domain';

/** The one place a domain error becomes an HTTP status. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  unprocessable: 422,
  'too-many': 429,
  unavailable: 503,
};
