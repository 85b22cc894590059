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
 * The health contract every app keeps: live and ready against the real servers. An app that
 * uses Kafka names it down in readiness while the broker is stopped (staying live) and
 * recovers; one that does not (auth) stays ready without a broker.
 */
export function describeHealthContract(
  appName: string,
  createApp: () => Promise<INestApplication>,
  options: { usesKafka: boolean } = { usesKafka: true },
): void {
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

    it(`is live, and ready with MongoDB${options.usesKafka ? ' and Kafka' : ''} up`, async () => {
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
      const response = await ready().expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.details.mongo.status).toBe('up');
      if (options.usesKafka) expect(response.body.details.kafka.status).toBe('up');
      else expect(response.body.details.kafka).toBeUndefined();
    });

    if (!options.usesKafka) {
      it('stays ready with the broker stopped: it has no use for one', async () => {
        await stopServer('kafka');
        try {
          const response = await ready().expect(200);
          expect(response.body.details.mongo.status).toBe('up');
        } finally {
          await startServer('kafka');
        }
      });
      return;
    }

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
