/**
 * Generic codes of the project's error shape. Domains add their own (`ORDER.NOT_FOUND`,
 * `USER.ALREADY_EXISTS`) next to their code; these cover what any endpoint can answer.
 */
export const CommonErrorCode = {
  VALIDATION_FAILED: 'VALIDATION.FAILED',
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  BODY_TOO_LARGE: 'REQUEST.BODY_TOO_LARGE',
  BODY_NOT_ALLOWED: 'REQUEST.BODY_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  BAD_REQUEST: 'REQUEST.INVALID',
  UNAUTHORIZED: 'AUTH.UNAUTHORIZED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  NOT_FOUND: 'HTTP.NOT_FOUND',
  METHOD_NOT_ALLOWED: 'HTTP.METHOD_NOT_ALLOWED',
  CONFLICT: 'REQUEST.CONFLICT',
  PRECONDITION_FAILED: 'REQUEST.PRECONDITION_FAILED',
  UNPROCESSABLE: 'REQUEST.UNPROCESSABLE',
  RATE_LIMITED: 'REQUEST.RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE.UNAVAILABLE',
  INTERNAL: 'INTERNAL.ERROR',
} as const;

const codeByStatus: Record<number, string> = {
  400: CommonErrorCode.BAD_REQUEST,
  401: CommonErrorCode.UNAUTHORIZED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  409: CommonErrorCode.CONFLICT,
  412: CommonErrorCode.PRECONDITION_FAILED,
  413: CommonErrorCode.BODY_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: CommonErrorCode.UNPROCESSABLE,
  429: CommonErrorCode.RATE_LIMITED,
  503: CommonErrorCode.SERVICE_UNAVAILABLE,
};

export function defaultCodeFor(status: number): string {
  return codeByStatus[status] ?? (status >= 500 ? CommonErrorCode.INTERNAL : CommonErrorCode.BAD_REQUEST);
}
