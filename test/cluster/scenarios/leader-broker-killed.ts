import { Connection, Types } from 'mongoose';
import { Client } from 'pg';
import { call, orderBody, registerUser } from '../../system/client';
import { load, percentile, settle, Tally } from '../../system/scenario';
import { adminToken } from '../../system/scenarios/catalog';
import { orderableProduct } from '../../system/scenarios/saga';
import { catalogDatabaseUrl, sleep } from '../../system/stack';
import { within } from '../cluster';
import { ClusterScenario, commonDamage, topicOf } from '../cluster-scenario';
import { describeUnsettled } from '../unsettled';

const STOCK = 150;

/** Catalog orders end PROCESSED (reserved) or REJECTED (out of stock), never more than the stock. */
async function settleCatalogOrders(db: Connection, orderids: string[], productId: string) {
  const ids = orderids.map((id) => new Types.ObjectId(id));
  let orders: { status: string; statusHistory: { status: string; at: Date }[] }[] = [];
  await within(180_000, async () => {
    orders = (await db.collection('orders').find({ _id: { $in: ids } }, { projection: { status: 1, statusHistory: 1 } }).toArray()) as unknown as typeof orders;
    return orders.length === ids.length && orders.every((order) => order.status !== 'PLACED');
  });
  const pg = new Client({ connectionString: catalogDatabaseUrl('system') });
  await pg.connect();
  const { rows } = await pg.query<{ reserved: number }>('SELECT reserved FROM products WHERE id = $1', [productId]).finally(() => pg.end());
  const processed = orders.filter((order) => order.status === 'PROCESSED').length;
  const rejected = orders.filter((order) => order.status === 'REJECTED').length;
  // When the last of them ended, as the processor stored it (not when this poll saw it).
  const lastSettledAt = Math.max(
    0,
    ...orders.flatMap((order) => order.statusHistory.filter((change) => change.status !== 'PLACED').map((change) => new Date(change.at).getTime())),
  );
  return {
    processed,
    rejected,
    lastSettledAt,
    unsettled: ids.length - processed - rejected,
    movedTwice: orders.filter((order) => order.statusHistory.length > 2).length,
    reserved: rows[0].reserved,
    oversold: Math.max(0, processed - STOCK, rows[0].reserved - STOCK),
  };
}

/**
 * The broker leading partition 0 of orders.placed is SIGKILLed under a load of plain and catalog
 * orders and comes back `downMs` later: another replica takes the lead (RF 3, two in sync stay),
 * writes go on with acks=all, and every accepted order ends once, none lost, none sold twice.
 */
export function leaderBrokerKilled(downMs: number): ClusterScenario {
  return {
    name: `partition leader broker SIGKILL (${downMs / 1000}s)`,
    async run({ cluster, db }) {
      const plain = new Tally();
      const catalogOrders = new Tally();
      const buyer = await registerUser('leader');
      const productId = await orderableProduct(await adminToken(), buyer, { name: `leader ${Date.now()}`, price: 3, stock: STOCK });
      const admin = await cluster.admin();
      const notes: string[] = [];
      let done = false;
      const running = Promise.all([
        load(plain, () => call('orders', 'POST', '/order', { token: buyer.token, body: orderBody(6.5) }), 2, () => done, 20),
        load(catalogOrders, () => call('orders', 'POST', '/order', { token: buyer.token, body: { orderitems: [{ productId, quantity: 1 }] } }), 1, () => done, 40),
      ]);
      let restartedAt = 0;
      let servingAt = 0;
      let answersAtKill = 0;
      let answersAtRestart = 0;
      let inSync: Promise<number | undefined> = Promise.resolve(undefined);
      try {
        await sleep(3000);
        const [first] = await admin.placement(topicOf('orders.placed'));
        const killed = first.leader;
        answersAtKill = plain.answers.length;
        await cluster.killBroker(killed);
        const killedAt = Date.now();
        const moved = await within(downMs, async () => (await admin.placement(topicOf('orders.placed')))[0].leader !== killed);
        const during = { sent: plain.sent + catalogOrders.sent };
        notes.push(`broker ${killed} killed; partition 0 led by another after ${moved ?? `> ${downMs}`} ms`);
        await sleep(Math.max(0, downMs - (Date.now() - killedAt)));
        notes.push(`${plain.sent + catalogOrders.sent - during.sent} sent while it was down`);
        answersAtRestart = plain.answers.length;
        restartedAt = Date.now();
        await cluster.startBrokers();
        servingAt = Date.now();
        notes.push(`the killed broker served again ${servingAt - restartedAt} ms after its restart began (Kafka's own start: the JVM, its logs, the quorum)`);
        // Watched while the orders settle: the restarted replica catches up meanwhile.
        inSync = cluster.admin().then((watcher) =>
          within(90_000, async () => (await watcher.placement(topicOf('orders.placed'))).every((partition) => partition.isr.length === 3))
            .then((ms) => (ms === undefined ? undefined : Date.now() - restartedAt))
            .finally(() => watcher.disconnect()),
        );
        await sleep(2000);
      } finally {
        done = true;
        await running;
        await admin.disconnect();
      }
      const whileDown = plain.answers.slice(answersAtKill, answersAtRestart).map((answer) => answer.ms);
      const before = plain.answers.slice(0, answersAtKill).map((answer) => answer.ms);
      notes.push(`p99 of orders ${Math.round(percentile(before, 99))} ms before the kill, ${Math.round(percentile(whileDown, 99))} ms while the broker was down`);
      const outcome = await settle(db, plain.acceptedIds, 180_000);
      const saga = await settleCatalogOrders(db, catalogOrders.acceptedIds, productId);
      const caughtUp = await inSync;
      notes.push(`all 3 replicas in sync again ${caughtUp ?? '> 90000'} ms after the restart began`);
      // The publisher's guard against kafkajs resolving a send it did not finish (libs/messaging).
      notes.push(`${await cluster.counterTotal('kafka_producer_resent_messages_total')} messages sent again after a send resolved without their partition's answer`);
      notes.push(`catalog orders: ${saga.processed} PROCESSED + ${saga.rejected} REJECTED of ${catalogOrders.accepted}, ${saga.reserved} reserved of ${STOCK}`);
      const broken = commonDamage(
        { lost: outcome.lost + saga.unsettled, processedTwice: outcome.processedTwice + saga.movedTwice },
        plain.serverErrors + catalogOrders.serverErrors,
        plain.unreachable + catalogOrders.unreachable,
      );
      if (outcome.lost + saga.unsettled > 0) notes.push(...(await describeUnsettled(db, [...plain.acceptedIds, ...catalogOrders.acceptedIds])));
      if (saga.oversold > 0) broken.push(`oversold by ${saga.oversold}`);
      if (saga.reserved !== saga.processed) broken.push(`${saga.reserved} units reserved for ${saga.processed} PROCESSED orders`);
      return {
        sent: plain.sent + catalogOrders.sent,
        accepted: plain.accepted + catalogOrders.accepted,
        rejected: plain.rejected + catalogOrders.rejected,
        serverErrors: plain.serverErrors + catalogOrders.serverErrors,
        processed: outcome.processed + saga.processed,
        lost: outcome.lost + saga.unsettled,
        processedTwice: outcome.processedTwice + saga.movedTwice,
        oversold: saga.oversold,
        // From the restarted broker serving again until the last accepted order ended, from the
        // stored times: as the broker outage's recovery is counted. Orders are placed throughout
        // the broker's own start (its length is a note), and 2 s after it.
        recoveryMs: Math.max(0, Math.max(outcome.lastProcessedAt, saga.lastSettledAt) - servingAt),
        notes,
        broken,
      };
    },
  };
}
