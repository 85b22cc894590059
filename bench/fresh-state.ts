import type { Connection } from 'mongoose';

/**
 * What the POST /order phases write: the SUT's orders and its outbox records, the baselines'
 * and the naive app's orders. Emptied before each such phase, so every compared phase starts on
 * the same (empty) store — in one growing collection a later phase paid for the earlier ones.
 */
const WRITTEN_BY_PHASES = ['orders', 'order_publications', 'order_outbox_claims', 'bench_direct_orders', 'naive_orders'];

export async function freshOrderState(db: Connection): Promise<void> {
  // An order deleted before the processor consumed its OrderPlaced would be waited for, then
  // dead-lettered: a phase's orders are processed before the next phase empties the store.
  const waiting = await db.collection('orders').countDocuments({ status: 'PLACED' });
  if (waiting > 0) throw new Error(`${waiting} orders still PLACED: process them before emptying the store`);
  for (const name of WRITTEN_BY_PHASES) await db.collection(name).deleteMany({});
}
