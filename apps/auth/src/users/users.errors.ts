export const UserErrorCode = {
  ALREADY_EXISTS: 'USER.ALREADY_EXISTS',
} as const;
