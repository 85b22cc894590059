import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type WithId = Request & { id?: string };

/**
 * Takes the caller's x-correlation-id when it is a sane token (else makes one), so logs,
 * error bodies and Kafka headers of one request share an id. Runs before body parsing,
 * so even a malformed body's 400 carries it.
 */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  correlationIdOf(request, response);
  next();
}

export function correlationIdOf(request: Request, response?: Response): string {
  const withId = request as WithId;
  if (!withId.id) {
    const offered = request.headers?.[CORRELATION_ID_HEADER];
    withId.id = typeof offered === 'string' && ACCEPTED_ID.test(offered) ? offered : randomUUID();
  }
  if (response && !response.headersSent && !response.getHeader(CORRELATION_ID_HEADER)) {
    response.setHeader(CORRELATION_ID_HEADER, withId.id);
  }
  return withId.id;
}
