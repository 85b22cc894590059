import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/** The username a Basic header names, lower-cased; undefined when there is none. */
export function basicUsername(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon).toLowerCase() : undefined;
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
