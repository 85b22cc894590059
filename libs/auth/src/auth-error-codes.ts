export const AuthErrorCode = {
  MISSING_TOKEN: 'AUTH.MISSING_TOKEN',
  INVALID_TOKEN: 'AUTH.INVALID_TOKEN',
  INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  FORBIDDEN: 'AUTH.FORBIDDEN',
} as const;

export const BEARER_CHALLENGE = 'Bearer realm="retail-order-platform"';
