import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request id: the caller's x-correlation-id when it is a sane token, else a new
 * one, so logs, error bodies and Kafka headers of one request share an id. It is set before
 * the body is read, so even a malformed body's 400 carries it.
 */
export function correlationIdFor(request: IncomingMessage): string {
  const offered = request.headers[CORRELATION_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTED_ID.test(offered) ? offered : randomUUID();
  // pino-http runs on the raw request and reads its id from there.
  (request as IncomingMessage & { id?: string }).id = id;
  return id;
}

/** The correlation id of a request (Fastify's or the raw one underneath). */
export function correlationIdOf(request: { id?: unknown }): string {
  return typeof request.id === 'string' ? request.id : 'unknown';
}
