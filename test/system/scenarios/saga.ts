import { Types } from 'mongoose';
import { Client } from 'pg';
import { call, registerUser, User } from '../client';
import { load, Scenario, Tally, untilProcessed } from '../scenario';
import { catalogDatabaseUrl, infra, sleep, Stack } from '../stack';
import { adminToken } from './catalog';

const STOCK = 50;

/** A product made through the catalog, returned once the orders side's copy has it and it can be ordered. */
export async function orderableProduct(admin: string, buyer: User, product: { name: string; price: number; stock: number }): Promise<string> {
  const created = await call('catalog', 'POST', '/api/products', { token: admin, body: product });
  if (created.status !== 201) throw new Error(`creating the product answered ${created.status}`);
  const productId = String(created.body?.id);
  // The copy has it when a wrong cost is refused (409) rather than the product unknown.
  const copiedBy = Date.now() + 30_000;
  while ((await call('orders', 'POST', '/order', { token: buyer.token, body: { cost: 0.01, orderitems: [{ productId, quantity: 1 }] } })).status !== 409) {
    if (Date.now() > copiedBy) throw new Error('the product never reached the orders side’s copy');
    await sleep(200);
  }
  return productId;
}
const ORDERS = 200;

/**
 * 200 buyers at once order one unit each of a product with 50 in stock: exactly 50 orders end
 * PROCESSED and 150 REJECTED (OUT_OF_STOCK), the product's stock is all reserved and never
 * more, and every order moved once.
 */
export const oversold: Scenario = {
  name: `oversold (${ORDERS} orders, stock ${STOCK})`,
  async run({ db }) {
    const tally = new Tally();
    const admin = await adminToken();
    const buyer = await registerUser('saga');
    const productId = await orderableProduct(admin, buyer, { name: `last units ${Date.now()}`, price: 2, stock: STOCK });
    await Promise.all(
      Array.from({ length: ORDERS }, async () => tally.record(await call('orders', 'POST', '/order', { token: buyer.token, body: { orderitems: [{ productId, quantity: 1 }] } }))),
    );
    const ids = tally.acceptedIds.map((id) => new Types.ObjectId(id));
    const deadline = Date.now() + 120_000;
    let statuses: { status: string; statusHistory: { status: string }[] }[] = [];
    while (Date.now() < deadline) {
      statuses = (await db
        .collection('orders')
        .find({ _id: { $in: ids } }, { projection: { status: 1, statusHistory: 1 } })
        .toArray()) as unknown as typeof statuses;
      if (statuses.length === ids.length && statuses.every((order) => order.status !== 'PLACED')) break;
      await sleep(500);
    }
    const processed = statuses.filter((order) => order.status === 'PROCESSED').length;
    const rejected = statuses.filter((order) => order.status === 'REJECTED').length;
    const unsettled = ids.length - processed - rejected;
    const movedTwice = statuses.filter((order) => order.statusHistory.length > 2).length;
    const pg = new Client({ connectionString: catalogDatabaseUrl('system') });
    await pg.connect();
    const { rows } = await pg.query<{ stock: number; reserved: number }>('SELECT stock, reserved FROM products WHERE id = $1', [productId]).finally(() => pg.end());
    const oversoldBy = Math.max(0, processed - STOCK, rows[0].reserved - rows[0].stock);
    const broken: string[] = [];
    if (tally.accepted !== ORDERS) broken.push(`${ORDERS - tally.accepted} of ${ORDERS} orders were not accepted`);
    if (unsettled > 0) broken.push(`${unsettled} accepted orders never left PLACED`);
    if (processed !== STOCK) broken.push(`${processed} PROCESSED, not ${STOCK}`);
    if (rejected !== ORDERS - STOCK) broken.push(`${rejected} REJECTED, not ${ORDERS - STOCK}`);
    if (rows[0].reserved !== STOCK) broken.push(`${rows[0].reserved} reserved of ${rows[0].stock}`);
    if (oversoldBy > 0) broken.push(`oversold by ${oversoldBy}`);
    if (movedTwice > 0) broken.push(`${movedTwice} orders moved more than once`);
    return tally.result({
      processed,
      lost: unsettled,
      processedTwice: movedTwice,
      oversold: oversoldBy,
      notes: [`${rejected} REJECTED; stock ${rows[0].stock}, reserved ${rows[0].reserved}`],
      broken,
    });
  },
};

/** What a catalog-side outage does and undoes: the catalog process, or its PostgreSQL. */
interface CatalogSideOutage {
  what: string;
  begin(stack: Stack): Promise<void>;
  end(stack: Stack): Promise<void>;
}

export const catalogKilled: CatalogSideOutage = {
  what: 'catalog killed',
  begin: (stack) => stack.stop('catalog', 'SIGKILL'),
  end: (stack) => stack.start('catalog'),
};

/** The catalog's own PostgreSQL; the orders' store (FerretDB's cluster) keeps answering. */
export const catalogStoreStopped: CatalogSideOutage = {
  what: 'catalog PostgreSQL stopped',
  begin: () => infra('down', 'postgres'),
  end: () => infra('up', 'postgres'),
};

/**
 * The catalog side down for a while under a load of catalog orders: orders are accepted all along
 * (they are priced from the orders side's copy), and every one of them ends PROCESSED once it is
 * back, each reserved exactly once.
 */
export function catalogSideDown(outage: CatalogSideOutage, downMs: number): Scenario {
  return {
    name: `${outage.what} (${downMs / 1000}s) under catalog orders`,
    async run({ db, stack }) {
      const tally = new Tally();
      const admin = await adminToken();
      const buyer = await registerUser('sagadown');
      const productId = await orderableProduct(admin, buyer, { name: `plenty ${Date.now()}`, price: 1, stock: 100_000 });
      let done = false;
      const running = load(tally, () => call('orders', 'POST', '/order', { token: buyer.token, body: { orderitems: [{ productId, quantity: 1 }] } }), 3, () => done, 20);
      let acceptedDuringOutage = 0;
      try {
        await sleep(2000);
        await outage.begin(stack);
        const acceptedBefore = tally.accepted;
        await sleep(downMs);
        acceptedDuringOutage = tally.accepted - acceptedBefore;
        await outage.end(stack);
        await sleep(2000);
      } finally {
        done = true;
        await running;
      }
      const ids = tally.acceptedIds.map((id) => new Types.ObjectId(id));
      const started = Date.now();
      await untilProcessed(db, ids, 120_000);
      const processed = await db.collection('orders').countDocuments({ _id: { $in: ids }, status: 'PROCESSED' });
      const histories = await db.collection('orders').find({ _id: { $in: ids } }, { projection: { statusHistory: 1 } }).toArray();
      const movedTwice = histories.filter((order) => (order.statusHistory as unknown[]).length > 2).length;
      const pg = new Client({ connectionString: catalogDatabaseUrl('system') });
      await pg.connect();
      const { rows } = await pg.query<{ reserved: number }>('SELECT reserved FROM products WHERE id = $1', [productId]).finally(() => pg.end());
      const broken: string[] = [];
      if (acceptedDuringOutage === 0) broken.push(`no order was accepted while the ${outage.what === catalogKilled.what ? 'catalog' : 'catalog’s PostgreSQL'} was down`);
      if (tally.serverErrors > 0) broken.push(`${tally.serverErrors} answers were 5xx`);
      if (processed !== ids.length) broken.push(`${ids.length - processed} accepted orders not PROCESSED`);
      if (rows[0].reserved !== ids.length) broken.push(`${rows[0].reserved} units reserved for ${ids.length} orders`);
      if (movedTwice > 0) broken.push(`${movedTwice} orders moved more than once`);
      return tally.result({
        processed,
        lost: ids.length - processed,
        processedTwice: movedTwice,
        oversold: Math.max(0, rows[0].reserved - ids.length),
        recoveryMs: Date.now() - started,
        notes: [`${acceptedDuringOutage} accepted during the outage`, `${rows[0].reserved} reserved`],
        broken,
      });
    },
  };
}
