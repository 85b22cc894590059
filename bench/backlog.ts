import { Admin, Kafka, logLevel } from 'kafkajs';
import { Connection, Types } from 'mongoose';
import { Money, placeOrder } from '@app/domain';
import { toOrderDocument } from '@app/persistence';
import { toOrderPlacedMessage } from '@apps/orders/outbox/order-placed.event-mapper';
import { sleep } from '@test/system/stack';
import { brokers, placedTopic } from './bench-stack';
import { orderBody } from './order-body';
import { percentile } from './report';

// Held far into the future, so the orders app's relay leaves the backlog to the consumers.
const HELD_BY_THE_BENCH = { published: false, leaseUntil: new Date('2100-01-01'), leaseOwner: 'bench', attempts: 1 };

/** N placed orders in the database and their OrderPlaced events on the topic, as apps/orders writes them. */
export async function preloadBacklog(db: Connection, count: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-preload', brokers: [brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let start = 0; start < count; start += 100) {
      const at = new Date();
      const orders = Array.from({ length: Math.min(100, count - start) }, (_, index) => {
        const body = orderBody('bench-backlog', start + index);
        return placeOrder({
          id: new Types.ObjectId().toHexString(),
          userId: 'bench-backlog',
          cost: Money.ofMajor(body.cost),
          lines: body.orderitems.map((item) => ({ name: item.name, quantity: item.quantity, unitPrice: Money.ofMajor(item.price) })),
          at,
        });
      });
      await db.collection('orders').insertMany(orders.map((order) => toOrderDocument(order, HELD_BY_THE_BENCH)));
      const messages = orders.map((order) => toOrderPlacedMessage(placedTopic, order));
      await producer.send({
        topic: placedTopic,
        acks: -1,
        messages: messages.map((message) => ({ key: message.key, value: JSON.stringify(message.value), headers: message.headers })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Orders/s of a consumer group working through the backlog: from the earliest processedAt
 * (its first write began) until its committed offsets reach the end of the topic (it commits
 * after writing). Measured the same way for B2 and the processor, and by asking Kafka rather
 * than polling the collection, which would load the database under test.
 */
export async function drainRate(
  db: Connection,
  admin: Admin,
  groupId: string,
  filter: Record<string, unknown>,
  expected: number,
): Promise<{ rps: number; count: number; seconds: number }> {
  await waitUntil('backlog processed', () => caughtUp(admin, groupId, placedTopic), 600_000, 100);
  const finished = Date.now();
  const [first] = await db.collection('orders').find({ ...filter, status: 'PROCESSED' }).sort({ processedAt: 1 }).limit(1).toArray();
  if (!(first?.processedAt instanceof Date)) throw new Error(`${groupId} committed the backlog but no order of it is PROCESSED`);
  const seconds = (finished - first.processedAt.getTime()) / 1000;
  const processed = await db.collection('orders').countDocuments({ ...filter, status: 'PROCESSED' });
  if (processed !== expected) throw new Error(`${groupId} committed the backlog but ${processed} of ${expected} orders are PROCESSED`);
  return { rps: expected / seconds, count: expected, seconds };
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, pollMs = 100): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
  return Date.now() - started;
}

export async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => end.high === '0' || committed.partitions.find((partition) => partition.partition === end.partition)?.offset === end.high);
}

/**
 * Placed → PROCESSED latencies (ms) of the orders a filter names: p50, p99, the slowest, and how
 * many of them the relay published (a claim raises `outbox.attempts` past the first, inline one).
 */
export async function placedToProcessed(db: Connection, filter: Record<string, unknown>): Promise<{ p50: number; p99: number; max: number; count: number; viaRelay: number; lastProcessedAt: number }> {
  const orders = await db.collection('orders').find(filter, { projection: { createdAt: 1, processedAt: 1, 'outbox.attempts': 1 } }).toArray();
  const latencies = orders
    .filter((order) => order.processedAt instanceof Date)
    .map((order) => (order.processedAt as Date).getTime() - (order.createdAt as Date).getTime())
    .sort((a, b) => a - b);
  const viaRelay = orders.filter((order) => Number(order.outbox?.attempts ?? 1) > 1).length;
  const lastProcessedAt = Math.max(0, ...orders.map((order) => (order.processedAt instanceof Date ? order.processedAt.getTime() : 0)));
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? 0, count: latencies.length, viaRelay, lastProcessedAt };
}
