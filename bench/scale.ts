/**
 * npm run bench -- --scale [--quick]
 *
 * Growth: the same paced requests against a store of 10,000 orders and products and one of
 * 1,000,000 (one user holding 1 % of the orders in each: 100, then 10,000), on the same
 * machine in the same run. Each phase's p99 in the large store is divided by its p99 in the
 * small one (the mean of its two runs; goal ≤ 1.5). The small store is measured again after the large one; a phase whose
 * p50 moved more than DRIFT_LIMIT between the two small runs makes the run INVALID.
 * --quick (1,000 and 20,000) only proves the script works.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { buildFromSources, catalogDatabaseUrl, infra, ROOT, Stack } from '@test/system/stack';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { benchAppEnv, brokers, PORTS } from './bench-stack';
import { registerBenchUser } from './bench-user';
import { seedProducts, searchProducts } from './catalog-search';
import type { LoadResult } from './load';
import { postOrders } from './load';
import { pacedLoad } from './paced';
import { atMost, Figure, formatNumber, printFigures, printTable } from './report';
import { seedOrders } from './scale-seed';

const quick = process.argv.includes('--quick');
const SIZES = quick ? { small: 1_000, large: 20_000 } : { small: 10_000, large: 1_000_000 };
const PHASE_S = quick ? 3 : 20;
const RATE = 40;
const CONNECTIONS = 8;
/** Per phase, between the two runs on the small store (p50, which a few slow answers do not move). */
const DRIFT_LIMIT = 0.25;
const GROWTH_GOAL = 1.5;

interface Store {
  size: number;
  stack: Stack;
  mongoUri: string;
  catalogUrl: string;
  heavy: { id: string; token: string };
  light: { id: string; token: string };
  /** Places the POST phase's orders, so the listed users' lists stay as seeded. */
  poster: { id: string; token: string };
  orderIds: string[];
}

type Results = Record<string, LoadResult>;

async function prepare(size: number, runId: string): Promise<Store> {
  const id = `${runId}${size}`;
  const mongoUri = `mongodb://127.0.0.1:27017/rop_scale_${id}`;
  const catalogUrl = catalogDatabaseUrl('scale', id);
  const stack = new Stack({ ports: PORTS, mongoUri, catalogDatabaseUrl: catalogUrl, topicPrefix: `scale-${id}.`, logStem: 'scale', env: benchAppEnv });
  await createDatabase(new URL(catalogUrl));
  await stack.start('auth');
  await stack.start('catalog'); // applies the migrations
  const heavy = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `scale-heavy-${id}`);
  const light = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `scale-light-${id}`);
  const poster = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `scale-poster-${id}`);
  const log = (line: string) => console.log(`[scale] ${size}: ${line}`);
  const db = await mongoose.createConnection(mongoUri).asPromise();
  const started = Date.now();
  const orderIds = await seedOrders(db, size, [{ id: heavy.id, orders: size / 100 }, { id: light.id, orders: 10 }], log);
  await db.close();
  await seedProducts(catalogUrl, size);
  log(`seeded ${size} orders and ${size} products in ${Math.round((Date.now() - started) / 1000)} s`);
  await stack.stopAll();
  return { size, stack, mongoUri, catalogUrl, heavy, light, poster, orderIds };
}

/** A fresh token for a seeded user: the store's run may outlast the first one. */
async function token(store: Store, user: 'heavy' | 'light' | 'poster'): Promise<string> {
  const username = `scale-${user}-${store.mongoUri.split('rop_scale_')[1]}`;
  const basic = Buffer.from(`${username}:bench-password-not-secret`).toString('base64');
  const issued = await fetch(`http://127.0.0.1:${PORTS.auth}/api/token`, { headers: { authorization: `Basic ${basic}` } });
  if (issued.status !== 200) throw new Error(`token answered ${issued.status}`);
  return ((await issued.json()) as { access_token: string }).access_token;
}

async function measure(store: Store, label: string): Promise<Results> {
  await store.stack.start('auth');
  await store.stack.start('orders');
  await store.stack.start('catalog');
  try {
    const heavyToken = await token(store, 'heavy');
    const lightToken = await token(store, 'light');
    const posterToken = await token(store, 'poster');
    const orders = `http://127.0.0.1:${PORTS.orders}`;
    const get = (bearer: string, path: (index: number) => string) => (spec: { durationS: number }) =>
      pacedLoad({ url: `${orders}/orderdetails`, method: 'GET', headers: { authorization: `Bearer ${bearer}` }, rate: RATE, durationS: spec.durationS, connections: CONNECTIONS, path });
    const phases: Record<string, (spec: { durationS: number }) => Promise<LoadResult>> = {
      'GET one order': get(heavyToken, (index) => `/orderdetails?orderid=${store.orderIds[index % store.orderIds.length]}`),
      "GET the heavy user's first page": get(heavyToken, () => `/orderdetails?userid=${store.heavy.id}&limit=20`),
      "GET a light user's first page": get(lightToken, () => `/orderdetails?userid=${store.light.id}&limit=20`),
      'catalog search': (spec) => searchProducts({ url: `http://127.0.0.1:${PORTS.catalog}`, connections: CONNECTIONS, durationS: spec.durationS, rate: RATE }),
      'POST /order': (spec) => postOrders({ url: `${orders}/order`, token: posterToken, userid: store.poster.id, connections: CONNECTIONS, durationS: spec.durationS, rate: RATE }),
    };
    const results: Results = {};
    for (const [name, run] of Object.entries(phases)) {
      await run({ durationS: 2 }); // warm-up
      results[name] = await run({ durationS: PHASE_S });
      const result = results[name];
      console.log(`[scale] ${label} ${name}: ${formatNumber(result.rps)}/s p50 ${result.p50} p99 ${result.p99} ms (non-2xx ${result.non2xx}, errors ${result.errors + result.timeouts})`);
      if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`${label} ${name}: ${result.non2xx} non-2xx, ${result.errors + result.timeouts} failed`);
    }
    return results;
  } finally {
    await store.stack.stopAll();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await infra('up');
  buildFromSources();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  console.log(`[scale] run ${runId}: ${SIZES.small} and ${SIZES.large} orders and products, ${RATE}/s for ${PHASE_S} s a phase (kafka ${brokers})`);
  const stores: Store[] = [];
  try {
    const small = await prepare(SIZES.small, runId);
    stores.push(small);
    const large = await prepare(SIZES.large, runId);
    stores.push(large);
    const first = await measure(small, `${SIZES.small}`);
    const grown = await measure(large, `${SIZES.large}`);
    const again = await measure(small, `${SIZES.small} again`);
    const rows = Object.keys(first).map((name) => [name, `${first[name].p50} / ${first[name].p99}`, `${grown[name].p50} / ${grown[name].p99}`, `${again[name].p50} / ${again[name].p99}`]);
    printTable(`p50 / p99 ms at ${RATE}/s`, ['phase', `${SIZES.small}`, `${SIZES.large}`, `${SIZES.small} again`], rows);
    const drift = Object.keys(first).map((name) => ({ name, drift: Math.abs(again[name].p50 - first[name].p50) / Math.max(first[name].p50, 0.1) }));
    const drifted = drift.filter((entry) => entry.drift > DRIFT_LIMIT);
    // The small store's p99: the mean of its two runs.
    const base = (name: string) => Math.round(((first[name].p99 + again[name].p99) / 2) * 10) / 10;
    const figures: Figure[] = Object.keys(first).map((name) =>
      atMost('growth', `${name}: p99 at ${SIZES.large} ÷ at ${SIZES.small}`, grown[name].p99 / base(name), GROWTH_GOAL, '', `${grown[name].p99} / ${base(name)} ms`),
    );
    if (drifted.length > 0) {
      console.log(`[scale] INVALID: p50 drifted more than ${DRIFT_LIMIT * 100} % between the small store's runs: ${drifted.map((entry) => `${entry.name} ${(entry.drift * 100).toFixed(0)} %`).join(', ')}`);
    } else {
      printFigures(figures);
      console.log(`[scale] drift check passed (largest ${(Math.max(...drift.map((entry) => entry.drift)) * 100).toFixed(0)} %)`);
    }
    const valid = drifted.length === 0;
    mkdirSync(resolve(ROOT, 'bench', 'results'), { recursive: true });
    const file = resolve(ROOT, 'bench', 'results', `scale-${quick ? 'quick' : 'full'}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ runId, at: new Date().toISOString(), sizes: SIZES, rate: RATE, phaseS: PHASE_S, first, grown, again, drift, valid, figures: valid ? figures : [] }, null, 2)}\n`);
    console.log(`[scale] results: ${file}; done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    for (const store of stores) {
      await store.stack.stopAll();
      const db = await mongoose.createConnection(store.mongoUri).asPromise();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await dropDatabase(new URL(store.catalogUrl)).catch(() => undefined);
    }
  }
}

main().catch((error: unknown) => {
  console.error('[scale] failed:', error);
  process.exit(1);
});
