import { Connection, Types } from 'mongoose';
import { Client } from 'pg';
import { billingDatabaseUrl } from './stack';

/**
 * Where a recovery went: for the orders accepted while a dependency was down, when (after it
 * came back, in seconds) the last of them was published, charged and PROCESSED. Each stage can
 * only end after the one before, so the widest gap is the stage that held the recovery.
 */
export async function recoveryStages(db: Connection, orderIds: string[], backAt: number): Promise<string> {
  const ids = orderIds.map((id) => new Types.ObjectId(id));
  const last = async (collection: string, field: string) => {
    const [row] = await db.collection(collection).find({ _id: { $in: ids } }, { projection: { [field]: 1 } }).sort({ [field]: -1 }).limit(1).toArray();
    return row?.[field] instanceof Date ? (row[field] as Date).getTime() : undefined;
  };
  const published = await last('order_publications', 'publishedAt');
  const processed = await last('orders', 'processedAt');
  let charged: number | undefined;
  const billing = new Client({ connectionString: billingDatabaseUrl('system') });
  try {
    await billing.connect();
    const { rows } = await billing.query<{ at: Date | null }>('SELECT max(captured_at) AS at FROM payments WHERE order_id = ANY($1)', [orderIds]);
    charged = rows[0]?.at?.getTime();
  } catch {
    // Payments off, or billing's database not there: the stage is left out.
  } finally {
    await billing.end().catch(() => undefined);
  }
  const after = (at: number | undefined) => (at === undefined ? 'n/a' : `${((at - backAt) / 1000).toFixed(1)} s`);
  return `after the broker's return: last published ${after(published)}, last charged ${after(charged)}, last PROCESSED ${after(processed)}`;
}
