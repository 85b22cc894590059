/**
 * npm run bench:profile [-- --seconds 15 --connections 32 --rate 0 --catalog-orders --app orders --traced]
 *
 * Where the orders app spends its CPU under POST /order load: starts auth and orders (orders
 * with --cpu-prof), loads POST /order (with --catalog-orders: orders of catalog products, the
 * catalog and the processor running, so the whole saga is in the profile; --rate: requests per
 * second, 0 = as fast as it answers; --app: the app to profile), stops orders so V8 writes the profile, and prints self
 * time by package and the hottest functions. The .cpuprofile (open it in Chrome DevTools or
 * speedscope for a flame graph) stays under .infra/profiles/. --traced: the apps trace, exporting
 * OTLP/HTTP to a receiver in this process (what tracing costs, P9).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OtlpReceiver } from '@test/observability/otlp-receiver';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { AppName, catalogDatabaseUrl, infra, ROOT, Stack } from '@test/system/stack';
import { registerBenchUser } from './bench-user';
import { BENCH_ADMIN, createOrderableProducts, postCatalogOrders } from './catalog-orders';
import { CpuProfile, selfTimeByFunction, selfTimeByPackage, SelfTime } from './cpu-profile-summary';
import { postOrders } from './load';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const seconds = option('seconds', 15);
const connections = option('connections', 32);
const rate = option('rate', 0) || undefined;
const catalogOrders = process.argv.includes('--catalog-orders');
const traced = process.argv.includes('--traced');
const receiver = new OtlpReceiver({ keep: false });
const appOption = process.argv.indexOf('--app');
const profiled = (appOption >= 0 ? process.argv[appOption + 1] : 'orders') as AppName;
const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const profileDir = resolve(ROOT, '.infra', 'profiles', runId);
const PORTS: Partial<Record<AppName, number>> = { orders: 4300, auth: 4301, 'order-processor': 4302, catalog: 4303 };
const catalogUrl = catalogDatabaseUrl('profile', runId);

const stack = new Stack({
  ports: PORTS,
  mongoUri: `mongodb://127.0.0.1:27017/rop_profile_${runId}`,
  topicPrefix: `profile-${runId}.`,
  catalogDatabaseUrl: catalogUrl,
  logStem: 'profile',
  env: () => ({
    AUTH_TOKEN_RATE_LIMIT: '1000',
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...(traced ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_NODE_DISABLED_INSTRUMENTATIONS: process.env.OTEL_NODE_DISABLED_INSTRUMENTATIONS } : {}),
  }),
  nodeFlags: (app) => (app === profiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
});

function print(title: string, rows: SelfTime[], limit: number): void {
  console.log(`\n${title}`);
  for (const row of rows.slice(0, limit)) {
    console.log(`${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  }
}

async function main(): Promise<void> {
  mkdirSync(profileDir, { recursive: true });
  await infra('up');
  if (traced) await receiver.start();
  if (catalogOrders) await createDatabase(new URL(catalogUrl));
  try {
    await stack.start('auth');
    await stack.start('orders');
    const user = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `profile${runId}`);
    const url = `http://127.0.0.1:${PORTS.orders}/order`;
    let post = (durationS: number) => postOrders({ url, token: user.token, userid: user.id, connections, durationS, rate });
    if (catalogOrders) {
      await stack.start('catalog');
      await stack.start('order-processor');
      const productIds = await createOrderableProducts({
        authUrl: `http://127.0.0.1:${PORTS.auth}`,
        catalogUrl: `http://127.0.0.1:${PORTS.catalog}`,
        ordersUrl: url,
        buyerToken: user.token,
        count: 20,
      });
      post = (durationS) => postCatalogOrders({ url, token: user.token, productIds, connections, durationS, rate });
    }
    await post(3);
    const load = await post(seconds);
    console.log(`[profile] ${load.rps.toFixed(0)} req/s, p99 ${load.p99} ms, ${load.non2xx + load.errors} failed (includes warm-up in the profile)`);
  } finally {
    await stack.stopAll();
    await receiver.stop();
    if (catalogOrders) await dropDatabase(new URL(catalogUrl)).catch(() => undefined);
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written to ${profileDir}`);
  const profile = JSON.parse(readFileSync(resolve(profileDir, file), 'utf8')) as CpuProfile;
  print('self time by package (share of busy time)', selfTimeByPackage(profile), 25);
  print('hottest functions (self time)', selfTimeByFunction(profile), 30);
  console.log(`\n[profile] ${resolve(profileDir, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
