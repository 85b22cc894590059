import { Kafka, logLevel } from 'kafkajs';
import { Connection, Types } from 'mongoose';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { brokers } from './bench-stack';
import { formatNumber, percentile } from './report';

/** One moment on an order's path, read for each order of a phase (epoch ms by order id). */
type Mark = { name: string; at: Map<string, number> };

export interface HopFigure {
  hop: string;
  p50: number;
  p99: number;
  /** The hop's share of the mean of the whole path. */
  share: number;
}

export interface HopBreakdown {
  orders: number;
  hops: HopFigure[];
  total: { p50: number; p99: number };
}

export interface HopSources {
  db: Connection;
  /** Set for catalog orders: the catalog's moments join the path (product-less orders skip it). */
  catalogUrl?: string;
  /** Set when the orders were paid: billing's moments join the path. */
  billingUrl?: string;
  topicPrefix: string;
  /** The orders of the phase. */
  filter: Record<string, unknown>;
  since: Date;
}

/**
 * Where an order waits: for every order of a phase, the moments it passed, from what the stores
 * and Kafka keep — the order's own timestamps, the catalog's reservation and billing's payment
 * rows, and the broker's record timestamps (set by the producer as it sends) on each topic the
 * path crosses. Each hop is the time between two moments in path order; an order missing a
 * moment (republished, say, or rejected) is left out.
 */
export async function hopBreakdown(sources: HopSources): Promise<HopBreakdown> {
  const orders = await sources.db
    .collection('orders')
    .find({ ...sources.filter, status: 'PROCESSED' }, { projection: { createdAt: 1, processedAt: 1 } })
    .toArray();
  const ids = new Set(orders.map((order) => String(order._id)));
  const stored = (field: 'createdAt' | 'processedAt'): Map<string, number> =>
    new Map(orders.filter((order) => order[field] instanceof Date).map((order) => [String(order._id), (order[field] as Date).getTime()]));
  const topic = (name: string) => `${sources.topicPrefix}${name}`;
  const sent = await recordTimestamps(
    [Topic.ORDER_PLACED, Topic.ORDER_PROCESSED, ...(sources.catalogUrl ? [Topic.CATALOG_STOCK] : []), ...(sources.billingUrl ? [Topic.BILLING_PAYMENTS] : [])].map(topic),
    sources.since,
    ids,
  );
  const marks: Mark[] = [
    { name: 'placed (stored by POST /order)', at: stored('createdAt') },
    { name: 'OrderPlaced sent', at: sent.get(topic(Topic.ORDER_PLACED))! },
  ];
  if (sources.catalogUrl) {
    const reserved = await rowTimes(sources.catalogUrl, `SELECT order_id AS id, created_at AS at FROM stock_reservations WHERE created_at >= $1`, sources.since);
    marks.push(
      { name: 'stock reserved (catalog consumed, reservation written)', at: reserved },
      { name: 'StockReserved sent (catalog relay)', at: sent.get(topic(Topic.CATALOG_STOCK))! },
    );
  }
  if (sources.billingUrl) {
    const due = await rowTimes(sources.billingUrl, `SELECT order_id AS id, due_since AS at FROM payments WHERE due_since >= $1`, sources.since);
    const captured = await rowTimes(sources.billingUrl, `SELECT order_id AS id, captured_at AS at FROM payments WHERE captured_at >= $1`, sources.since);
    marks.push(
      { name: 'charge taken up (billing consumed the stock answer, its charge job claimed the order)', at: due },
      { name: 'captured (provider answered)', at: captured },
      { name: 'PaymentCaptured sent (billing relay)', at: sent.get(topic(Topic.BILLING_PAYMENTS))! },
    );
  }
  marks.push({ name: 'PROCESSED (processor consumed, status written)', at: stored('processedAt') }, { name: 'OrderProcessed sent (announced)', at: sent.get(topic(Topic.ORDER_PROCESSED))! });
  return breakdown(marks, ids);
}

/** The hops between consecutive marks over the orders that passed every mark. */
export function breakdown(marks: Mark[], ids: Iterable<string>): HopBreakdown {
  const complete = [...ids].filter((id) => marks.every((mark) => mark.at.has(id)));
  const hops = marks.slice(1).map((mark, index) => {
    const previous = marks[index];
    // A moment before the one it follows is the clock's grain (ms) or a retry: counted as 0.
    const spans = complete.map((id) => Math.max(0, mark.at.get(id)! - previous.at.get(id)!));
    return { hop: `${previous.name} → ${mark.name}`, spans };
  });
  const totals = complete.map((id) => marks.at(-1)!.at.get(id)! - marks[0].at.get(id)!).sort((a, b) => a - b);
  const meanOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const meanTotal = hops.reduce((sum, hop) => sum + meanOf(hop.spans), 0);
  return {
    orders: complete.length,
    hops: hops.map(({ hop, spans }) => {
      const sorted = [...spans].sort((a, b) => a - b);
      return { hop, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), share: meanTotal > 0 ? meanOf(spans) / meanTotal : 0 };
    }),
    total: { p50: percentile(totals, 0.5), p99: percentile(totals, 0.99) },
  };
}

export function printBreakdown(phase: string, result: HopBreakdown): void {
  console.log(`[bench] where an order waits, ${phase} (${result.orders} orders): whole path p50 ${result.total.p50} ms, p99 ${result.total.p99} ms`);
  for (const hop of result.hops) {
    console.log(`[bench]   ${hop.hop}: p50 ${formatNumber(hop.p50)} ms, p99 ${formatNumber(hop.p99)} ms (${Math.round(hop.share * 100)} % of the mean)`);
  }
}

async function rowTimes(url: string, query: string, since: Date): Promise<Map<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; at: Date }>(query, [since]);
    return new Map(rows.map((row) => [row.id, row.at.getTime()]));
  } finally {
    await client.end();
  }
}

/**
 * The first record timestamp of each wanted key on each topic, read from `since` on (the offsets
 * the broker finds for that time) to the end offsets of the moment of the call.
 */
async function recordTimestamps(topics: string[], since: Date, wanted: Set<string>): Promise<Map<string, Map<string, number>>> {
  const kafka = new Kafka({ clientId: 'bench-hops', brokers: [brokers], logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const groupId = `bench-hops-${new Types.ObjectId().toHexString()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const found = new Map(topics.map((topic) => [topic, new Map<string, number>()]));
  await admin.connect();
  try {
    const remaining = new Map<string, number>();
    for (const topic of topics) {
      const from = await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: from.map(({ partition, offset }) => ({ partition, offset })) });
      for (const end of ends) {
        const start = Number(from.find((candidate) => candidate.partition === end.partition)?.offset ?? end.offset);
        const left = Number(end.offset) - start;
        if (left > 0) remaining.set(`${topic}:${end.partition}`, Number(end.offset));
      }
    }
    if (remaining.size === 0) return found;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    await new Promise<void>((done, failed) => {
      const timer = setTimeout(() => failed(new Error(`record timestamps: ${remaining.size} partitions not read within 120 s`)), 120_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const times = found.get(batch.topic)!;
          for (const message of batch.messages) {
            const key = message.key?.toString();
            if (key && wanted.has(key) && !times.has(key)) times.set(key, Number(message.timestamp));
          }
          const partition = `${batch.topic}:${batch.partition}`;
          const end = remaining.get(partition);
          if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
    return found;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
