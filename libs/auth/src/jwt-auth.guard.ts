import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppException } from '@app/common';
import type { FastifyRequest } from 'fastify';
import { AuthErrorCode, BEARER_CHALLENGE } from './auth-error-codes';
import { AuthUser } from './auth-user';
import { TokenVerifier } from './token-verifier.service';

export type AuthenticatedRequest = FastifyRequest & { user: AuthUser };

/** Lets a request through only with a valid RS256 access token from apps/auth. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) {
      throw new AppException(401, AuthErrorCode.MISSING_TOKEN, 'A Bearer access token is required', {
        headers: { 'WWW-Authenticate': BEARER_CHALLENGE },
      });
    }
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
    const user = match ? await this.verifier.verify(match[1]) : undefined;
    if (!user) {
      throw new AppException(401, AuthErrorCode.INVALID_TOKEN, 'The access token is invalid or expired', {
        headers: { 'WWW-Authenticate': `${BEARER_CHALLENGE}, error="invalid_token"` },
      });
    }
    request.user = user;
    return true;
  }
}
