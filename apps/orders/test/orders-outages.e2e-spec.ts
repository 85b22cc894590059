import { Types } from 'mongoose';
import request from 'supertest';
import { eventually } from '@test/e2e/health-suite';
import { startServer, stopServer } from '@test/e2e/servers';
import { newUser } from '@test/e2e/tokens';
import { topicOf } from '@test/e2e/test-env';
import { TopicRecorder } from '@test/e2e/topic-recorder';
import { MongoMonitorWatchdog } from '@app/persistence';
import { order, ordersAppUnderTest } from './orders-app.fixture';

describe('orders app under outages (e2e)', () => {
  // The Kafka breaker stays open long enough to see a request answered without waiting on it: with
  // the suites' 1 s, a relay publish could open it and its half-open trial catch the next request.
  const orders = ordersAppUnderTest({ BREAKER_KAFKA_RESET_MS: '10000' });
  const { place, stored } = orders;
  const alice = newUser();

  describe('outages', () => {
    it('keeps serving after the watchdog reopens a connection whose server monitor went silent', async () => {
      const watchdog = orders.app.get(MongoMonitorWatchdog);
      const clientBefore = orders.db.getClient();
      // As if the driver's monitor had reported nothing since long before the stuck limit.
      (watchdog as unknown as { lastHeartbeatAt: number }).lastHeartbeatAt = Date.now() - watchdog.stuckAfterMs - 1;
      await watchdog.check();
      expect(orders.db.getClient()).not.toBe(clientBefore);
      const response = await place(alice, order({ cost: 7.5 })).expect(201);
      expect(await stored(response.body.orderid as string)).toMatchObject({ costMinor: 750, status: 'PLACED' });
    });

    it('accepts orders with the broker stopped and the relay publishes each once when it is back', async () => {
      await stopServer('kafka');
      let orderids: string[];
      try {
        // Kafka's breaker opens once enough publishes fail; every order is accepted all the while.
        const responses: request.Response[] = [];
        let breaker = 'closed';
        while (breaker !== 'open' && responses.length < 30) {
          responses.push(await place(alice, order({ cost: 50 + responses.length })));
          breaker = (await request(orders.http).get('/health/ready')).body.details.orders.breakers.kafka;
        }
        expect(breaker).toBe('open');
        const started = Date.now();
        responses.push(await place(alice, order({ cost: 99 })));
        expect(Date.now() - started).toBeLessThan(500);
        expect(responses.map((response) => response.status)).toEqual(Array(responses.length).fill(201));
        orderids = responses.map((response) => response.body.orderid as string);
        for (const orderid of orderids) expect((await stored(orderid))?.outbox.published).toBe(false);
      } finally {
        await startServer('kafka');
      }
      const publications = orders.db.collection('order_publications');
      await eventually(
        async () => publications.countDocuments({ _id: { $in: orderids.map((orderid) => new Types.ObjectId(orderid)) } }),
        (count) => count === orderids.length,
        60_000,
      );
      // Read back by a consumer that starts now: one that lived through the broker's restart
      // may take longer than the relay to rejoin its group (seen on a cold CI machine).
      const afterRestart = new TopicRecorder(topicOf('orders.placed'));
      await afterRestart.start();
      try {
        await eventually(async () => orderids.map((orderid) => afterRestart.withKey(orderid).length), (counts) => counts.every((count) => count >= 1), 60_000);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        expect(orderids.map((orderid) => afterRestart.withKey(orderid).length)).toEqual(orderids.map(() => 1));
      } finally {
        await afterRestart.stop();
      }
    });

    it('answers 503 fast with MongoDB stopped, writes nothing, and recovers without a restart', async () => {
      const before = await orders.db.collection('orders').countDocuments({});
      await stopServer('mongo');
      try {
        const statuses: number[] = [];
        let lastDurationMs = Number.POSITIVE_INFINITY;
        for (let attempt = 0; attempt < 6; attempt++) {
          const started = Date.now();
          const response = await place(alice, order({ cost: 77 }));
          lastDurationMs = Date.now() - started;
          statuses.push(response.status);
          expect(response.body.code).toBe('ORDER.STORE_UNAVAILABLE');
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
        expect(statuses).toEqual(Array(6).fill(503));
        // By now the breaker is open: no waiting on a driver timeout.
        expect(lastDurationMs).toBeLessThan(300);
        const ready = await request(orders.http).get('/health/ready').expect(503);
        expect(ready.body.details.mongo.status).toBe('down');
      } finally {
        await startServer('mongo');
      }
      const recovered = await eventually(() => place(alice, order({ cost: 78 })), (response) => response.status === 201, 60_000);
      expect(recovered.body.cost).toBe(78);
      const after = await orders.db.collection('orders').countDocuments({});
      expect(await orders.db.collection('orders').countDocuments({ costMinor: 7700 })).toBe(0);
      expect(after).toBeGreaterThan(before);
    });
  });
});
