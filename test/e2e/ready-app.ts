import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Initialises an app for supertest without listening: Fastify routes requests only once its
 * plugins have loaded (`ready()`), which `listen()` would otherwise do.
 */
export async function readyApp<T extends INestApplication>(app: T): Promise<T> {
  await app.init();
  await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
  return app;
}
