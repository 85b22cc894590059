import { INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '../../../test/e2e/servers';
import { createOrdersApp } from '../src/create-app';
import { readyApp } from '../../../test/e2e/ready-app';

const certs = (file: string) => resolve(REPO_ROOT, 'certs', file);

/** The apps reach the broker over its SSL listener (mutual TLS) with nothing but env changes. */
describe('Kafka over TLS (e2e)', () => {
  const saved = { ...process.env };
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
  });

  async function readinessWith(env: Record<string, string>) {
    Object.assign(process.env, { KAFKA_BROKERS: '127.0.0.1:9093', KAFKA_SSL: 'true', ...env });
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
