import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startServer, stopServer } from './servers';

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    last = await probe();
  }
  return last;
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
      await app.init();
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
