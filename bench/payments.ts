/**
 * npm run bench:payments [-- --quick] — P10: can billing keep up with the orders? The whole saga
 * with payments (five apps from the build output, the stand-in answering every call in 200 ms):
 *   1. catalog orders at full speed: the POST max (the baseline of the run)
 *   2. billing stopped, the same load; then billing started: how fast it works the backlog off
 *      (charges recorded in its ledger per second) — P10 = that ÷ the POST max, goal ≥ 0.9
 *   3. a quarter, then half of the POST max, evenly paced: placed → PROCESSED of paid orders, p50
 *      and p99, against P4's goals plus the provider's latency, and where each order waited (hops.ts)
 *   4. phase 1 again: the drift check (a full run that drifted over 10 % prints INVALID and exits 1)
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { AppName, billingDatabaseUrl, buildFromSources, catalogDatabaseUrl, infra, PAYMENT_PROVIDER_URL, Stack } from '@test/system/stack';
import { waitUntil } from './backlog';
import { BENCH_ADMIN, createOrderableProducts, postCatalogOrders } from './catalog-orders';
import { driftCheck, heldTarget } from './drift';
import { followPhase, latencyFigures } from './latency-goals';
import { formatNumber } from './report';

const quick = process.argv.includes('--quick');
const durationS = quick ? 4 : 15;
const PROVIDER_MS = 200;
const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const PORTS: Record<AppName, number> = { orders: 4230, auth: 4231, 'order-processor': 4232, catalog: 4233, billing: 4234 };
const mongoUri = `mongodb://127.0.0.1:27017/rop_bench_pay_${id}`;
const catalogUrl = catalogDatabaseUrl('benchpay', id);
const billingUrl = billingDatabaseUrl('benchpay', id);
const topicPrefix = `benchpay-${id}.`;
const stack = new Stack({
  ports: PORTS,
  mongoUri,
  catalogDatabaseUrl: catalogUrl,
  topicPrefix,
  logStem: 'bench-payments',
  // The apps' production defaults (the bench user's tokens unthrottled), orders paid on the stand-in.
  env: () => ({
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    AUTH_TOKEN_RATE_LIMIT: '1000',
    PAYMENTS_ENABLED: 'true',
    BILLING_DATABASE_URL: billingUrl,
    STRIPE_SECRET_KEY: `sk_test_bench_${id}`,
    PAYMENT_PROVIDER_URL,
    CATALOG_RELAY_INTERVAL_MS: undefined,
    RELAY_INTERVAL_MS: undefined,
    RELAY_GRACE_MS: undefined,
    RELAY_LEASE_MS: undefined,
    PROCESSOR_RETRY_INITIAL_MS: undefined,
    PROCESSOR_RETRY_MAX_MS: undefined,
    PROCESSOR_NOT_FOUND_RETRIES: undefined,
    MONGO_SERVER_SELECTION_TIMEOUT_MS: undefined,
  }),
});

async function setFaults(faults: object): Promise<void> {
  const answer = await fetch(`${PAYMENT_PROVIDER_URL}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!answer.ok) throw new Error(`the stand-in refused ${JSON.stringify(faults)}`);
}

async function buyerToken(): Promise<{ id: string; token: string }> {
  const auth = `http://127.0.0.1:${PORTS.auth}`;
  const credentials = { username: `benchpay${id}`, password: 'bench payments password' };
  const registered = await fetch(`${auth}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const user = (await registered.json()) as { id: string };
  const issued = await fetch(`${auth}/api/token`, { headers: { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } });
  return { id: user.id, token: ((await issued.json()) as { access_token: string }).access_token };
}

async function main(): Promise<void> {
  await infra('up');
  buildFromSources();
  await createDatabase(new URL(catalogUrl));
  await createDatabase(new URL(billingUrl));
  const db = await mongoose.createConnection(mongoUri).asPromise();
  const ledger = new Client({ connectionString: billingUrl });
  try {
    for (const app of ['auth', 'catalog', 'orders', 'order-processor', 'billing'] as AppName[]) await stack.start(app);
    await ledger.connect();
    const buyer = await buyerToken();
    const ordersUrl = `http://127.0.0.1:${PORTS.orders}/order`;
    const productIds = await createOrderableProducts({
      authUrl: `http://127.0.0.1:${PORTS.auth}`,
      catalogUrl: `http://127.0.0.1:${PORTS.catalog}`,
      ordersUrl,
      buyerToken: buyer.token,
      count: 10,
    });
    await setFaults({ mode: 'slow', rate: 1, ms: PROVIDER_MS });
    const post = (seconds: number, rate?: number) => postCatalogOrders({ url: ordersUrl, token: buyer.token, productIds, connections: 32, durationS: seconds, rate });
    const charges = async () => Number((await ledger.query(`SELECT count(*) AS n FROM ledger WHERE kind = 'CHARGE'`)).rows[0].n);
    const settled = (what: string) => waitUntil(what, async () => (await db.collection('orders').countDocuments({ status: 'PLACED' })) === 0, 600_000, 200);

    // A warm-up as long as a phase: the JIT, the pools and the consumer groups settle first.
    await post(durationS);
    await settled('the warm-up settled');
    const first = await post(durationS);
    console.log(`[bench:payments] catalog orders at full speed (the saga paid): ${first.rps.toFixed(0)}/s p99 ${first.p99} ms`);
    await settled('the first phase settled');

    // Billing away while orders come in; then it works the backlog off.
    await stack.stop('billing');
    const before = await charges();
    const backlog = await post(durationS);
    await waitUntil('the backlog placed', async () => (await db.collection('orders').countDocuments({ status: 'PLACED' })) >= backlog.rps * durationS * 0.9, 60_000, 200);
    const waiting = await db.collection('orders').countDocuments({ status: 'PLACED' });
    await stack.start('billing');
    const startedAt = Date.now();
    await waitUntil('the backlog charged', async () => (await charges()) - before >= waiting, 600_000, 100);
    const billingRps = waiting / ((Date.now() - startedAt) / 1000);
    console.log(`[bench:payments] billing worked off ${waiting} orders at ${billingRps.toFixed(0)} charges/s (provider ${PROVIDER_MS} ms a call)`);
    await settled('the backlog processed');

    // Paid orders followed from their POST to their announcement at a quarter and half of the max.
    const followed = (rate: number, label: string) =>
      followPhase({
        name: `paid orders at ${rate}/s, ${label}`,
        rate,
        db,
        userId: buyer.id,
        post: async () => heldTarget(await post(durationS, rate), rate),
        settle: () => settled(`the ${label} phase settled`),
        hops: { topicPrefix, catalogUrl, billingUrl },
      });
    const quarter = await followed(Math.max(5, Math.round(first.rps / 4)), 'a quarter of the max');
    const half = await followed(Math.max(10, Math.round(first.rps / 2)), 'half of the max');

    const repeat = await post(durationS);
    const drift = driftCheck(first.rps, repeat.rps);
    console.log(`[bench:payments] drift check: ${first.rps.toFixed(0)}/s first, ${repeat.rps.toFixed(0)}/s at the end: ${(drift.drift * 100).toFixed(1)} %`);
    if (!drift.valid && !quick) {
      console.log('[bench:payments] INVALID: the run drifted more than 10 %; no ratio is printed');
      process.exitCode = 1;
      return;
    }
    const p10 = billingRps / first.rps;
    console.log(`P10 | billing charges/s ÷ catalog-order POST max | ${p10.toFixed(2)} | ≥ 0.90 | ${p10 >= 0.9 ? 'PASS' : 'FAIL'} | ${billingRps.toFixed(0)} / ${first.rps.toFixed(0)}`);
    for (const figure of latencyFigures('paid catalog orders', quarter, half, 1000 + PROVIDER_MS, PROVIDER_MS)) {
      console.log(`${figure.id} | ${figure.what} | ${formatNumber(figure.value)} ${figure.unit} | ${figure.goal} | ${figure.pass === undefined ? 'n/a' : figure.pass ? 'PASS' : 'FAIL'} | ${figure.detail ?? ''}`);
    }
  } finally {
    await setFaults({ mode: 'none' }).catch(() => undefined);
    await stack.stopAll();
    await ledger.end().catch(() => undefined);
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await dropDatabase(new URL(catalogUrl)).catch(() => undefined);
    await dropDatabase(new URL(billingUrl)).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
