import { INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '@test/e2e/servers';
import { createOrdersApp } from '@apps/orders/create-app';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv } from '@test/e2e/test-env';

const certs = (file: string) => resolve(REPO_ROOT, 'certs', file);

/** The apps reach the broker over its SSL listener (mutual TLS) with nothing but env changes. */
describe('Kafka over TLS (e2e)', () => {
  const env = new TestEnv();
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    env.restore();
  });

  async function readinessWith(overrides: Record<string, string>) {
    env.set({ KAFKA_BROKERS: '127.0.0.1:9093', KAFKA_SSL: 'true', ...overrides });
    app = await createOrdersApp();
    await readyApp(app);
    return request(app.getHttpServer()).get('/health/ready');
  }

  it('is ready through the SSL listener with the CA and a client certificate', async () => {
    const response = await readinessWith({
      KAFKA_SSL_CA_PATH: certs('ca.crt'),
      KAFKA_SSL_CERT_PATH: certs('client.crt'),
      KAFKA_SSL_KEY_PATH: certs('client.key'),
    });
    expect(response.status).toBe(200);
    expect(response.body.details.kafka).toEqual({ status: 'up', brokers: 1 });
  });

  it('is not ready when the broker certificate is not signed by the configured CA', async () => {
    const response = await readinessWith({
      KAFKA_SSL_CA_PATH: certs('client.crt'),
      KAFKA_SSL_CERT_PATH: certs('client.crt'),
      KAFKA_SSL_KEY_PATH: certs('client.key'),
    });
    expect(response.status).toBe(503);
    expect(response.body.details.kafka.status).toBe('down');
  });
});
