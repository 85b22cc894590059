/**
 * npm run bench:id-lookup
 *
 * Which of 100 ids exist, in a collection of N documents shaped like orders: one `$in` query
 * (the baseline) against `existingIds` (one `_id` equality lookup per id, 10 at a time), on
 * the MongoDB-wire server that infra runs. Prints milliseconds per call and the ratio, per N.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { existingIds } from '@app/persistence';
import { infra } from '@test/system/stack';
import { formatNumber, printTable } from './report';

const SIZES = [1_000, 10_000, 30_000];
const IDS_PER_CALL = 100;
const REPEATS = 5;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let repeat = 0; repeat < REPEATS; repeat++) await work();
  return Number(process.hrtime.bigint() - started) / 1e6 / REPEATS;
}

async function main(): Promise<void> {
  await infra('up');
  const database = `rop_bench_lookup_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const db = await mongoose.createConnection(`mongodb://127.0.0.1:27017/${database}`).asPromise();
  const collection = db.collection('orders');
  const rows: string[][] = [];
  try {
    const ids: Types.ObjectId[] = [];
    for (const size of SIZES) {
      while (ids.length < size) {
        const batch = Array.from({ length: Math.min(1000, size - ids.length) }, () => new Types.ObjectId());
        await collection.insertMany(batch.map((_id) => ({ _id, userid: 'bench', status: 'PROCESSED', cost: 1234, orderitems: [{ name: 'item', quantity: 1, price: 1234 }], createdAt: new Date() })));
        ids.push(...batch);
      }
      // Half of the asked ids exist, spread over the collection; half do not.
      const asked = [
        ...Array.from({ length: IDS_PER_CALL / 2 }, (_, n) => ids[Math.floor((n * ids.length) / (IDS_PER_CALL / 2))]),
        ...Array.from({ length: IDS_PER_CALL / 2 }, () => new Types.ObjectId()),
      ];
      const viaIn = await timed(() => collection.find({ _id: { $in: asked } }, { projection: { _id: 1 } }).toArray());
      const viaEquality = await timed(() => existingIds(collection, asked));
      const found = await existingIds(collection, asked);
      if (found.size !== IDS_PER_CALL / 2) throw new Error(`existingIds found ${found.size} of ${IDS_PER_CALL / 2}`);
      rows.push([String(size), formatNumber(viaIn), formatNumber(viaEquality), (viaEquality / viaIn).toFixed(2)]);
      console.log(`[id-lookup] ${size} documents: $in ${formatNumber(viaIn)} ms, existingIds ${formatNumber(viaEquality)} ms`);
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  }
  printTable(`which of ${IDS_PER_CALL} ids exist (mean of ${REPEATS})`, ['documents', '$in ms', 'existingIds ms', 'existingIds ÷ $in'], rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
