import type { FastifyRequest } from 'fastify';

/** Whom a limit counts: the client's address (behind the gateway, the one it passes on). */
export function clientAddress(request: Pick<FastifyRequest, 'ip'>): string {
  return request.ip || 'unknown';
}
