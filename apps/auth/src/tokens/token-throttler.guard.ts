import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { parseBasicCredentials } from './basic-credentials';

/** The username a Basic header names, lower-cased; undefined when there is none. */
export function basicUsername(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  return parseBasicCredentials(request.headers.authorization)?.username.toLowerCase();
}

/**
 * Counts token requests per client address and username, so guessing one user's password
 * is throttled without locking out everybody behind the same address.
 */
@Injectable()
export class TokenThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(request: Record<string, unknown>): Promise<string> {
    const httpRequest = request as unknown as FastifyRequest;
    return `${httpRequest.ip ?? 'unknown'}|${basicUsername(httpRequest) ?? ''}`;
  }
}
