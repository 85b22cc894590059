import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Connection, Types } from 'mongoose';
import { call, registerUser, User } from '../client';
import { load, Scenario, ScenarioResult, Tally } from '../scenario';
import { mongoUri, paymentsEnv, PAYMENT_PROVIDER_URL, ROOT, sleep, Stack } from '../stack';
import { adminToken } from './catalog';
import { orderableProduct } from './saga';

const run = promisify(execFile);

/** The stand-in's faults (infra/payment-provider). */
export async function setFaults(faults: { mode: string; rate?: number; ms?: number }): Promise<void> {
  const response = await fetch(`${PAYMENT_PROVIDER_URL}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`the stand-in refused ${JSON.stringify(faults)}: ${await response.text()}`);
}

interface Reconciliation {
  mismatches: number;
  CHARGED_TWICE: number;
  REFUND_MISSING: number;
  [kind: string]: number | null;
}

/** npm run billing:reconcile against this run's stores, as an operator runs it: its counts, and each mismatch line. */
async function reconcile(): Promise<{ counts: Reconciliation; lines: string[] }> {
  const env = { ...process.env, ...paymentsEnv('system'), NODE_ENV: 'test', MONGO_URI: mongoUri, LOG_LEVEL: 'error' };
  const outcome = await run('npm', ['run', '-s', 'billing:reconcile'], { cwd: ROOT, env, timeout: 120_000 }).catch((error: { stdout?: string; code?: number }) => {
    if (error.code === 1 && error.stdout) return { stdout: error.stdout };
    throw error;
  });
  const lines = outcome.stdout.trim().split('\n');
  return { counts: JSON.parse(lines.at(-1) ?? '{}') as Reconciliation, lines: lines.slice(0, -1) };
}

const FINAL = new Set(['PROCESSED', 'REJECTED', 'CANCELLED', 'REFUNDED']);

/**
 * Waits until every order is in a final state and no compensation is pending, then reconciles the
 * provider, the ledger and the orders. `expect` names the final state each order must be in.
 */
async function paidOutcome(
  db: Connection,
  tally: Tally,
  expect: (order: { status: string; payment?: { status: string } }) => boolean,
  timeoutMs = 120_000,
): Promise<Partial<ScenarioResult> & { broken: string[] }> {
  const ids = tally.acceptedIds.map((id) => new Types.ObjectId(id));
  const started = Date.now();
  let orders: { _id: Types.ObjectId; status: string; statusHistory: { status: string }[]; payment?: { status: string } }[] = [];
  while (Date.now() - started < timeoutMs) {
    // Compensations first, then the orders: a refund done meanwhile is read in the orders it moved.
    const pending = await pendingCompensations();
    orders = (await db.collection('orders').find({ _id: { $in: ids } }, { projection: { status: 1, statusHistory: 1, payment: 1 } }).toArray()) as unknown as typeof orders;
    const settled = orders.length === ids.length && orders.every((order) => FINAL.has(order.status) && order.payment?.status !== 'PENDING' && expect(order));
    if (settled && pending === 0) break;
    await sleep(500);
  }
  const recoveryMs = Date.now() - started;
  const unsettled = ids.length - orders.filter((order) => FINAL.has(order.status)).length;
  const wrong = orders.filter((order) => FINAL.has(order.status) && !expect(order));
  const processedTwice = orders.filter((order) => order.statusHistory.filter((change) => change.status === 'PROCESSED').length > 1).length;
  const { counts, lines } = await reconcile();
  const broken: string[] = [];
  if (unsettled > 0) broken.push(`${unsettled} orders not in a final state`);
  if (wrong.length > 0) broken.push(`${wrong.length} orders in a wrong state, e.g. ${JSON.stringify(wrong[0])}`);
  if (processedTwice > 0) broken.push(`${processedTwice} processed twice`);
  if (counts.mismatches !== 0) broken.push(`reconciliation: ${counts.mismatches} mismatches: ${lines.slice(0, 3).join(' | ')}`);
  const byStatus = new Map<string, number>();
  for (const order of orders) byStatus.set(order.status, (byStatus.get(order.status) ?? 0) + 1);
  return {
    processed: byStatus.get('PROCESSED') ?? 0,
    lost: unsettled,
    processedTwice,
    chargedTwice: counts.CHARGED_TWICE,
    refundMissing: counts.REFUND_MISSING,
    recoveryMs,
    notes: [[...byStatus].map(([status, count]) => `${count} ${status}`).join(', '), `reconciled: ${counts.mismatches} mismatches`],
    broken,
  };
}

let adminCache: string | undefined;
async function pendingCompensations(): Promise<number> {
  adminCache ??= await adminToken();
  const answer = await call('billing', 'GET', '/api/billing/compensations?status=PENDING&limit=1', { token: adminCache });
  return typeof answer.body?.pending === 'number' ? answer.body.pending : Number.POSITIVE_INFINITY;
}

async function catalogBuyer(stem: string): Promise<{ buyer: User; productId: string; admin: string }> {
  const admin = await adminToken();
  const buyer = await registerUser(stem);
  const productId = await orderableProduct(admin, buyer, { name: `${stem} ${Date.now()}`, price: 1, stock: 1_000_000 });
  return { admin, buyer, productId };
}

const placeOne = (buyer: User, productId: string) => () => call('orders', 'POST', '/order', { token: buyer.token, body: { orderitems: [{ productId, quantity: 1 }] } });

/** The provider misbehaves for `ms` under a load of catalog orders; every order ends PROCESSED, paid once. */
function providerFault(name: string, faults: { mode: string; rate: number; ms?: number }, ms: number): Scenario {
  return {
    name,
    async run({ db }) {
      const tally = new Tally();
      const { buyer, productId } = await catalogBuyer('payfault');
      let done = false;
      const running = load(tally, placeOne(buyer, productId), 3, () => done, 40);
      try {
        await sleep(1500);
        await setFaults(faults);
        await sleep(ms);
      } finally {
        await setFaults({ mode: 'none' });
        await sleep(1500);
        done = true;
        await running;
      }
      const outcome = await paidOutcome(db, tally, (order) => order.status === 'PROCESSED' && order.payment?.status === 'CAPTURED');
      if (tally.serverErrors > 0 || tally.unreachable > 0) outcome.broken.push(`${tally.serverErrors} 5xx, ${tally.unreachable} unreachable`);
      return tally.result(outcome);
    },
  };
}

export const providerDown = providerFault('provider down (30s) under catalog orders', { mode: 'unavailable', rate: 1 }, 30_000);
export const providerCommitsThenFails = providerFault('provider commits then fails 20% (30s)', { mode: 'error-after-commit', rate: 0.2 }, 30_000);

export const billingCrashes: Scenario = {
  name: 'billing SIGKILL x3 under load',
  async run({ db, stack }: { db: Connection; stack: Stack }) {
    const tally = new Tally();
    const { buyer, productId } = await catalogBuyer('billcrash');
    let done = false;
    const running = load(tally, placeOne(buyer, productId), 3, () => done, 30);
    try {
      for (let crash = 0; crash < 3; crash++) {
        await sleep(1500);
        await stack.stop('billing', 'SIGKILL');
        await sleep(500);
        await stack.start('billing');
      }
      await sleep(1000);
    } finally {
      done = true;
      await running;
    }
    const outcome = await paidOutcome(db, tally, (order) => order.status === 'PROCESSED' && order.payment?.status === 'CAPTURED');
    if (tally.serverErrors > 0) outcome.broken.push(`${tally.serverErrors} 5xx`);
    return tally.result(outcome);
  },
};

/** Buyers cancel while their charges are in flight (a slow provider): every order ends CANCELLED, none keeps money. */
export const cancelsRacingCharges: Scenario = {
  name: 'cancels racing charges (60 orders)',
  async run({ db }) {
    const tally = new Tally();
    const { buyer, productId } = await catalogBuyer('payrace');
    await setFaults({ mode: 'slow', rate: 1, ms: 300 });
    let cancelsRefused = 0;
    try {
      await Promise.all(
        Array.from({ length: 60 }, async (_, index) => {
          const answer = tally.record(await placeOne(buyer, productId)());
          if (answer.status !== 201) return;
          await sleep((index % 12) * 60);
          const cancel = await call('orders', 'POST', `/order/${String(answer.body?.orderid)}/cancel`, { token: buyer.token });
          if (cancel.status !== 202) cancelsRefused++;
        }),
      );
    } finally {
      await setFaults({ mode: 'none' });
    }
    const outcome = await paidOutcome(db, tally, (order) => order.status === 'CANCELLED' && ['CANCELLED', 'REFUNDED'].includes(order.payment?.status ?? ''));
    if (cancelsRefused > 0) outcome.broken.push(`${cancelsRefused} cancels refused`);
    return tally.result(outcome);
  },
};

/** A product is deleted while its orders are being paid: each ends REJECTED (its stock never reserved) or REFUNDED. */
export const productsDeletedWhilePaid: Scenario = {
  name: 'products deleted while orders are paid',
  async run({ db }) {
    const tally = new Tally();
    const { admin, buyer, productId } = await catalogBuyer('paydelete');
    await setFaults({ mode: 'slow', rate: 1, ms: 200 });
    let done = false;
    const running = load(tally, placeOne(buyer, productId), 3, () => done, 30);
    try {
      await sleep(3000);
      const deleted = await call('catalog', 'DELETE', `/api/products/${productId}`, { token: admin });
      if (deleted.status !== 204) throw new Error(`deleting the product answered ${deleted.status}`);
      await sleep(1500);
    } finally {
      done = true;
      await running;
      await setFaults({ mode: 'none' });
    }
    // Orders placed after the orders side heard of the deletion are refused (422); the rest settle.
    return tally.result(await paidOutcome(db, tally, (order) => (order.status === 'REJECTED' && order.payment?.status !== 'CAPTURED') || (order.status === 'REFUNDED' && order.payment?.status === 'REFUNDED')));
  },
};
