import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthUser } from '@app/auth';
import { BasicStrategy } from 'passport-http';
import { UsersService } from '../users/users.service';
import { AttemptLimiter } from '../attempts/attempt-limiter';
import { clientAddress } from '../attempts/client-address';
import { parseBasicCredentials } from './basic-credentials';

/** Passport's success/fail/error, which it attaches to a strategy for each request. */
interface PassportActions {
  success(user: AuthUser): void;
  fail(): void;
  error(error: unknown): void;
}

/**
 * passport-http's Basic scheme with the header read as RFC 7617 says (basic-credentials.ts);
 * a failed check is answered by BasicAuthGuard.
 */
@Injectable()
export class BasicAuthStrategy extends PassportStrategy(BasicStrategy, 'basic') {
  constructor(
    private readonly users: UsersService,
    private readonly limiter: AttemptLimiter,
  ) {
    super();
  }

  authenticate(request: { headers: { authorization?: string }; ip?: string }): void {
    const actions = this as unknown as PassportActions;
    const credentials = parseBasicCredentials(request.headers.authorization);
    if (!credentials) return actions.fail();
    this.validate(credentials.username, credentials.password).then(
      async (user) => {
        if (user) return actions.success(user);
        // A wrong password counts against the client and the account (AttemptLimiter).
        await this.limiter.signInFailed(clientAddress({ ip: request.ip ?? '' }), credentials.username);
        actions.fail();
      },
      (error: unknown) => actions.error(error),
    );
  }

  async validate(username: string, password: string): Promise<AuthUser | false> {
    return (await this.users.authenticate(username, password)) ?? false;
  }
}
