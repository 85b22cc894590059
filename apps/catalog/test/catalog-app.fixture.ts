import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { createCatalogApp } from '@apps/catalog/create-app';
import { eventually } from '@test/e2e/health-suite';
import { KafkaAdmin } from '@test/e2e/kafka-admin';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv, topicOf } from '@test/e2e/test-env';
import { newAdmin } from '@test/e2e/tokens';
import { TopicRecorder } from '@test/e2e/topic-recorder';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const product = (name: string, extra: object = {}) => ({ name, price: 12.65, stock: 40, ...extra });

/**
 * The catalog app as its e2e suites run it (a quick relay, short breaker timings), with a
 * recorder on catalog.products and a SQL client on its database; started in the calling
 * describe's beforeAll.
 */
export function catalogAppUnderTest() {
  const env = new TestEnv();
  const admin = newAdmin();
  const state = {} as { app: INestApplication; http: ReturnType<INestApplication['getHttpServer']>; events: TopicRecorder; sql: Client };

  beforeAll(async () => {
    env.set({ CATALOG_RELAY_INTERVAL_MS: '100', CATALOG_RELAY_MAX_BACKOFF_MS: '2000', BREAKER_KAFKA_RESET_MS: '1000', BREAKER_KAFKA_TIMEOUT_MS: '2000' });
    state.app = await createCatalogApp();
    await readyApp(state.app);
    state.http = state.app.getHttpServer();
    // The relay creates the topic (compacted) before its first publish; read it once it exists.
    const kafka = await KafkaAdmin.connect();
    await eventually(() => kafka.topicSetting(topicOf('catalog.products'), 'cleanup.policy'), (policy) => policy !== undefined, 30_000);
    await kafka.disconnect();
    state.events = new TopicRecorder(topicOf('catalog.products'));
    await state.events.start();
    state.sql = new Client({ connectionString: process.env.CATALOG_DATABASE_URL });
    await state.sql.connect();
  });

  afterAll(async () => {
    await state.app?.close();
    await state.events?.stop();
    await state.sql?.end();
    env.restore();
  });

  const create = (body: object, token = admin.token) => request(state.http).post('/api/products').set('Authorization', `Bearer ${token}`).send(body);
  // Filled in by beforeAll: the tests read it once the app is up.
  return Object.assign(state, {
    admin,
    create,
    created: async (name: string, extra: object = {}) => (await create(product(name, extra)).expect(201)).body as { id: string; version: number },
  });
}
