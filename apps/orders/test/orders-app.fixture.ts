import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection, Types } from 'mongoose';
import request from 'supertest';
import { createOrdersApp } from '@apps/orders/create-app';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv, topicOf } from '@test/e2e/test-env';
import { TopicRecorder } from '@test/e2e/topic-recorder';

export const order = (overrides: Record<string, unknown> = {}) => ({
  cost: 25.3,
  orderitems: [{ name: 'Espresso beans 1kg', quantity: 2, price: 12.65 }],
  ...overrides,
});

/**
 * The orders app as its e2e suites run it (short relay and breaker timings, a recorder on
 * orders.placed; `settings` override them), started in the calling describe's beforeAll and
 * closed in its afterAll.
 */
export function ordersAppUnderTest(settings: Record<string, string> = {}) {
  const env = new TestEnv();
  const state = {} as { app: INestApplication; http: ReturnType<INestApplication['getHttpServer']>; db: Connection; placedTopic: TopicRecorder };

  beforeAll(async () => {
    env.set({
      RELAY_INTERVAL_MS: '200',
      RELAY_GRACE_MS: '500',
      BREAKER_KAFKA_RESET_MS: '1000',
      BREAKER_KAFKA_TIMEOUT_MS: '2000',
      BREAKER_MONGO_RESET_MS: '1000',
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '1000',
      ...settings,
    });
    state.placedTopic = new TopicRecorder(topicOf('orders.placed'));
    await state.placedTopic.start();
    state.app = await createOrdersApp();
    await readyApp(state.app);
    state.http = state.app.getHttpServer();
    state.db = state.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await state.app?.close();
    await state.placedTopic?.stop();
    env.restore();
  });

  // Filled in by beforeAll: the tests read it once the app is up.
  return Object.assign(state, {
    place: (user: { token: string }, body: unknown = order(), headers: Record<string, string> = {}) =>
      request(state.http).post('/order').set('Authorization', `Bearer ${user.token}`).set(headers).send(body as object),
    stored: (orderid: string) => state.db.collection('orders').findOne({ _id: new Types.ObjectId(orderid) }),
  });
}
