import { DomainError } from '@app/common';

/** Codes of the user area, all `USER.*`. */
export const UserErrorCode = {
  ALREADY_EXISTS: 'USER.ALREADY_EXISTS',
} as const;

export class UserAlreadyExistsError extends DomainError {
  constructor() {
    super(UserErrorCode.ALREADY_EXISTS, 'conflict', 'That username is taken (names are case-insensitive)');
  }
}
