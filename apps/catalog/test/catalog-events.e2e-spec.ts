import request from 'supertest';
import { CatalogDatabase } from '@apps/catalog/database/catalog-database';
import { CatalogOutboxRelay } from '@apps/catalog/outbox/catalog-outbox-relay';
import { eventually } from '@test/e2e/health-suite';
import { startServer, stopServer } from '@test/e2e/servers';
import { KafkaAdmin } from '@test/e2e/kafka-admin';
import { topicOf } from '@test/e2e/test-env';
import { newUser } from '@test/e2e/tokens';
import { TopicRecorder } from '@test/e2e/topic-recorder';
import { catalogAppUnderTest, product } from './catalog-app.fixture';

describe('catalog app: its events and its outbox (e2e)', () => {
  const catalog = catalogAppUnderTest();
  const { admin, created } = catalog;
  const buyer = newUser();

  describe('the outbox’s retention', () => {
    it('deletes sent rows older than the retention, and none newer', async () => {
      await created('Pruned kettle');
      const database = catalog.app.get(CatalogDatabase);
      const count = async (where: string) => (await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog_outbox WHERE ${where}`)).rows[0].n;
      await eventually(() => count('sent_at IS NULL'), (unsent) => unsent === 0, 20_000);
      // The newest row, as if sent a month ago.
      await database.pool.query(`UPDATE catalog_outbox SET sent_at = now() - interval '30 days' WHERE position = (SELECT max(position) FROM catalog_outbox)`);
      const old = await count(`sent_at < now() - interval '7 days'`);
      expect(old).toBeGreaterThanOrEqual(1);
      const recent = await count(`sent_at >= now() - interval '7 days'`);
      const pruned = await catalog.app.get(CatalogOutboxRelay).pruneSent(new Date(Date.now() - 7 * 86_400_000));
      expect(pruned).toBe(old);
      expect(await count(`sent_at < now() - interval '7 days'`)).toBe(0);
      expect(await count(`sent_at >= now() - interval '7 days'`)).toBe(recent);
    });
  });

  describe('events on catalog.products', () => {
    it('publishes each change in order, keyed by product id, on a compacted topic', async () => {
      const kafka = await KafkaAdmin.connect();
      expect(await kafka.topicSetting(topicOf('catalog.products'), 'cleanup.policy')).toBe('compact');
      await kafka.disconnect();
      const { id } = await created('Evented', { stock: 3 });
      const auth = (call: request.Test) => call.set('Authorization', `Bearer ${admin.token}`);
      await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ price: 2.5 }).expect(200);
      await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ stock: 9 }).expect(200);
      await auth(request(catalog.http).delete(`/api/products/${id}`)).expect(204);
      const received = await eventually(async () => catalog.events.withKey(id), (found) => found.length >= 4, 20_000);
      expect(received.map((message) => [message.headers['event-type'], (message.value as { product: { version: number } }).product.version])).toEqual([
        ['ProductUpserted', 1],
        ['ProductUpserted', 2],
        ['ProductUpserted', 3],
        ['ProductDeleted', 4],
      ]);
      expect(received[2].value).toMatchObject({
        schemaVersion: 1,
        type: 'ProductUpserted',
        eventId: `${id}:3`,
        product: { id, name: 'Evented', price: 2.5, priceMinor: 250, available: 9, version: 3 },
      });
      expect(new Set(received.map((message) => message.partition)).size).toBe(1);
    });

    it('accepts writes while Kafka is down and publishes them, in order, when it is back', async () => {
      const unsent = async (ids: string[]) =>
        (await catalog.sql.query('SELECT count(*)::int AS n FROM catalog_outbox WHERE sent_at IS NULL AND product_id = ANY($1::uuid[])', [ids])).rows[0].n as number;
      await stopServer('kafka');
      let ids: string[] = [];
      try {
        ids = await Promise.all(['Outage kettle', 'Outage cup', 'Outage pot'].map(async (name) => (await created(name)).id));
        await request(catalog.http).patch(`/api/products/${ids[0]}`).set('Authorization', `Bearer ${admin.token}`).send({ stock: 1 }).expect(200);
        const ready = await request(catalog.http).get('/health/ready').expect(200);
        expect(ready.body.details.postgres.status).toBe('up');
        // The relay has tried by now; the events wait in the outbox.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(await unsent(ids)).toBe(4);
      } finally {
        await startServer('kafka');
      }
      await eventually(() => unsent(ids), (count) => count === 0, 60_000);
      // A recorder of its own, from the beginning: one that lived through the restart may take
      // longer than the relay to rejoin its group.
      const afterRestart = new TopicRecorder(topicOf('catalog.products'));
      await afterRestart.start();
      try {
        await eventually(async () => ids.map((id) => afterRestart.withKey(id).length), (counts) => counts.every((count) => count >= 1) && counts[0] >= 2, 45_000);
        const versions = afterRestart.withKey(ids[0]).map((message) => (message.value as { product: { version: number } }).product.version);
        // At least once: a send the breaker gave up on may have landed too; the order holds.
        expect([...new Set(versions)]).toEqual([1, 2]);
        expect(versions).toEqual([...versions].sort((a, b) => a - b));
      } finally {
        await afterRestart.stop();
      }
    }, 180_000);

    it('deletes every product with DELETE /api/products and announces each', async () => {
      const { id } = await created('Last one');
      await request(catalog.http).delete('/api/products').set('Authorization', `Bearer ${admin.token}`).expect(204);
      expect((await request(catalog.http).get('/api/products').expect(200)).body).toEqual({ products: [], nextCursor: null });
      const recorder = new TopicRecorder(topicOf('catalog.products'));
      await recorder.start();
      try {
        await eventually(async () => recorder.withKey(id).map((message) => message.headers['event-type']), (types) => types.includes('ProductDeleted'), 30_000);
      } finally {
        await recorder.stop();
      }
    });
  });
});
