import { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import { Money, placeOrder } from '@app/domain';
import { toOrderDocument } from '@app/persistence';
import { LIST_HEADS, listPageKey, listPageOf } from '@apps/orders/orders/user-order-list';

const BATCH = 1000;
const SETTLED = { published: true, leaseUntil: new Date(0), attempts: 1 };

export interface SeededUser {
  id: string;
  orders: number;
}

/**
 * `total` processed orders straight into the store, as POST /order and the processor leave
 * them (list numbers and pages included): the named users' orders first, the rest spread over
 * users of 100 orders each. Oldest first, one second apart, ending now. Returns the first named user's order ids.
 */
export async function seedOrders(db: Connection, total: number, named: SeededUser[], log: (line: string) => void): Promise<string[]> {
  const owners: Array<{ id: string; count: number }> = named.map((user) => ({ id: user.id, count: user.orders }));
  const rest = total - owners.reduce((sum, owner) => sum + owner.count, 0);
  for (let filler = 0; filler * 100 < rest; filler++) owners.push({ id: `scale-filler-${filler}`, count: Math.min(100, rest - filler * 100) });
  const orders = db.collection('orders');
  const sample: string[] = [];
  const started = Date.now();
  const firstAt = started - total * 1000;
  let written = 0;
  let batch: object[] = [];
  const flush = async () => {
    if (batch.length > 0) await orders.insertMany(batch, { ordered: false });
    batch = [];
  };
  // Users interleaved, so a user's orders lie spread over the collection as they would.
  const next = owners.map(() => 0);
  while (written < total) {
    for (let owner = 0; owner < owners.length && written < total; owner++) {
      if (next[owner] >= owners[owner].count) continue;
      const position = ++next[owner];
      const at = new Date(firstAt + written * 1000);
      const order = placeOrder({
        id: new Types.ObjectId().toHexString(),
        userId: owners[owner].id,
        cost: Money.ofMinor(100 + (written % 9000)),
        lines: [{ name: `seeded item ${written}`, quantity: 1 + (written % 3), unitPrice: Money.ofMinor(100 + (written % 9000)) }],
        at,
      });
      const document = toOrderDocument({ ...order, status: 'PROCESSED', history: [...order.history, { status: 'PROCESSED', at }], processedAt: at }, SETTLED);
      batch.push({ ...document, listPosition: position, listPage: listPageKey(order.userId, listPageOf(position)) });
      if (owner === 0) sample.push(order.id);
      written++;
      if (batch.length === BATCH) await flush();
      if (written % 100_000 === 0) log(`${written} of ${total} orders seeded (${Math.round(written / ((Date.now() - started) / 1000))}/s)`);
    }
  }
  await flush();
  const heads = owners.map((owner) => ({ _id: owner.id, last: owner.count }));
  for (let start = 0; start < heads.length; start += BATCH) await db.collection(LIST_HEADS).insertMany(heads.slice(start, start + BATCH) as never[], { ordered: false });
  return sample;
}
