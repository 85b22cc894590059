import { DomainError } from '@app/domain';

/** Codes of the user area, all `USER.*`. */
export const UserErrorCode = {
  ALREADY_EXISTS: 'USER.ALREADY_EXISTS',
} as const;

export class UserAlreadyExistsError extends DomainError {
  constructor() {
    super(UserErrorCode.ALREADY_EXISTS, 'conflict', 'That username is taken (names are case-insensitive)');
  }
}

/** A start-up error, never an answer: auth refuses to start rather than guess who the administrator is. */
export class AdminPasswordMismatchError extends Error {
  constructor(username: string) {
    super(
      `ADMIN_USERNAME "${username}" names an existing user whose password is not ADMIN_PASSWORD: ` +
        'refusing to give it the admin role. Set the password that user has, or choose another ADMIN_USERNAME.',
    );
    this.name = 'AdminPasswordMismatchError';
  }
}
