import type { mongo } from 'mongoose';
import { BULK_LIMIT } from '@app/persistence';
import { LIST_HEADS, ListHeadDocument, listPageKey, listPageOf } from './user-order-list';

interface Unnumbered {
  _id: unknown;
  userid: string;
  createdAt: Date;
}

/**
 * Numbers the orders stored before users' lists were (they have no listPosition, so no list
 * shows them): each user's, oldest first, after any number the user already has. Run once,
 * with the orders app and the order processor stopped: on FerretDB an update is a
 * read-modify-write, and the processor writes the same orders. Safe to run again (it numbers
 * only what has no number). Reads every order once: the filter is not pushed down.
 */
export async function numberUserLists(db: mongo.Db, log: (line: string) => void = () => undefined): Promise<{ users: number; orders: number }> {
  const byUser = new Map<string, Unnumbered[]>();
  const unnumbered = db.collection('orders').find<Unnumbered>({ listPosition: { $exists: false } }, { projection: { _id: 1, userid: 1, createdAt: 1 } });
  for await (const order of unnumbered) {
    const orders = byUser.get(order.userid) ?? [];
    orders.push(order);
    byUser.set(order.userid, orders);
  }
  let numbered = 0;
  for (const [userId, orders] of byUser) {
    orders.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const head = await db.collection<ListHeadDocument>(LIST_HEADS).findOne({ _id: userId });
    const first = (head?.last ?? 0) + 1;
    const updates = orders.map((order, index) => {
      const listPosition = first + index;
      return { updateOne: { filter: { _id: order._id }, update: { $set: { listPosition, listPage: listPageKey(userId, listPageOf(listPosition)) } } } };
    });
    for (let start = 0; start < updates.length; start += BULK_LIMIT) {
      await db.collection('orders').bulkWrite(updates.slice(start, start + BULK_LIMIT) as never[], { ordered: false });
    }
    await db.collection<ListHeadDocument>(LIST_HEADS).updateOne({ _id: userId }, { $max: { last: first + orders.length - 1 } }, { upsert: true });
    numbered += orders.length;
    if (numbered % 10_000 < orders.length) log(`${numbered} orders numbered`);
  }
  log(`${numbered} orders of ${byUser.size} users numbered`);
  return { users: byUser.size, orders: numbered };
}
