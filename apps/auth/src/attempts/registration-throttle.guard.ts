import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AttemptLimiter } from './attempt-limiter';
import { clientAddress } from './client-address';

/** Registrations per client address (AUTH_REGISTER_RATE_LIMIT per AUTH_REGISTER_RATE_WINDOW_MS). */
@Injectable()
export class RegistrationThrottleGuard implements CanActivate {
  constructor(private readonly limiter: AttemptLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limiter.registration(clientAddress(context.switchToHttp().getRequest<FastifyRequest>()));
    return true;
  }
}
