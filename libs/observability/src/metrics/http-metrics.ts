import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from './platform-metrics';

/**
 * Observes every response's duration by route template (`/api/orders/:id`, not the id), so the
 * series stay few; requests no route matched count under `unmatched`.
 */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      httpRequestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    }
    done();
  });
}
