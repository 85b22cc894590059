import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startServer, stopServer } from './servers';
import { readyApp } from './ready-app';

/**
 * Polls `probe` until `accept` holds. A probe that throws (a connection dropped while a server
 * restarts) counts as "not yet"; the last error is reported if time runs out.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      last = { value: await probe() };
      if (accept(last.value as T)) return last.value as T;
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const seen = last.error instanceof Error ? `error: ${last.error.message}` : `last value: ${JSON.stringify(last.value)}`;
      throw new Error(`condition not met within ${timeoutMs} ms; ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The health contract every app keeps: live and ready against the real servers; with the
 * broker stopped, readiness names Kafka as down while liveness stays up; and it recovers.
 */
export function describeHealthContract(appName: string, createApp: () => Promise<INestApplication>): void {
  describe(`${appName} health (e2e)`, () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp();
      await readyApp(app);
    });

    afterAll(async () => {
      await app?.close();
    });

    const ready = () => request(app.getHttpServer()).get('/health/ready');

    it('is live, and ready with MongoDB and Kafka up', async () => {
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
      const response = await ready().expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.details.mongo.status).toBe('up');
      expect(response.body.details.kafka.status).toBe('up');
    });

    it('says Kafka is down when the broker stops, stays live, and is ready again when it is back', async () => {
      await stopServer('kafka');
      try {
        const response = await ready().expect(503);
        expect(response.body.status).toBe('error');
        expect(response.body.details.kafka.status).toBe('down');
        expect(response.body.details.mongo.status).toBe('up');
        await request(app.getHttpServer()).get('/health').expect(200);
      } finally {
        await startServer('kafka');
      }
      const recovered = await eventually(() => ready(), (response) => response.status === 200);
      expect(recovered.body.details.kafka.status).toBe('up');
    });
  });
}
