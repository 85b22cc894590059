import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppException } from '@app/common';
import { AuthErrorCode, AuthUser } from '@app/auth';

export const BASIC_CHALLENGE = 'Basic realm="retail-order-platform", charset="UTF-8"';

/**
 * Wrong password, unknown user and a missing or malformed header all get the same 401 and
 * challenge, so the answer never tells whether a username exists.
 */
@Injectable()
export class BasicAuthGuard extends AuthGuard('basic') {
  handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) {
      throw new AppException(401, AuthErrorCode.INVALID_CREDENTIALS, 'Invalid username or password', {
        headers: { 'WWW-Authenticate': BASIC_CHALLENGE },
      });
    }
    return user;
  }
}
