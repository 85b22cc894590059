import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AttemptLimiter } from '../attempts/attempt-limiter';
import { clientAddress } from '../attempts/client-address';
import { parseBasicCredentials } from './basic-credentials';

/**
 * Runs before any password is checked: token requests per client address and user name, and
 * the failed sign-ins so far per client and per account (AttemptLimiter), in the shared store.
 */
@Injectable()
export class TokenThrottlerGuard implements CanActivate {
  constructor(private readonly limiter: AttemptLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.limiter.signIn(clientAddress(request), parseBasicCredentials(request.headers.authorization)?.username);
    return true;
  }
}
