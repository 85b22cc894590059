import type { Connection } from 'mongoose';
import { Client } from 'pg';

/**
 * What the POST /order phases write: the SUT's orders and its outbox records, the baselines'
 * and the naive app's orders. Emptied before each such phase, so every compared phase starts on
 * the same (empty) store — in one growing collection a later phase paid for the earlier ones.
 */
const WRITTEN_BY_PHASES = ['orders', 'order_list_heads', 'order_publications', 'order_outbox_claims', 'bench_direct_orders', 'naive_orders'];

/** FerretDB keeps each MongoDB database as a schema of this PostgreSQL database. */
const FERRETDB_POSTGRES = 'postgres://postgres@127.0.0.1:55433/ferretdb';

export async function freshOrderState(db: Connection): Promise<void> {
  // An order deleted before the processor consumed its OrderPlaced would be waited for, then
  // dead-lettered: a phase's orders are processed before the next phase empties the store.
  const waiting = await db.collection('orders').countDocuments({ status: 'PLACED' });
  if (waiting > 0) throw new Error(`${waiting} orders still PLACED: process them before emptying the store`);
  for (const name of WRITTEN_BY_PHASES) await db.collection(name).deleteMany({});
  await compactTables(db.name);
}

/**
 * Deleted rows stay in PostgreSQL's tables until a vacuum, and FerretDB's scans read them: the
 * first phase after emptying a collection of 20,000 orders ran 20 % slower than the same phase
 * later. VACUUM FULL rewrites each table of the bench's database as if it were new.
 */
async function compactTables(database: string): Promise<void> {
  const client = new Client({ connectionString: FERRETDB_POSTGRES, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [database]);
    for (const { tablename } of rows) await client.query(`VACUUM (FULL, ANALYZE) "${database}"."${tablename}"`);
  } finally {
    await client.end();
  }
}
