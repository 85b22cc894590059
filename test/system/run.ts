/**
 * npm run test:system [-- --via-gateway] — the five apps as separate processes against the real
 * broker, MongoDB-wire server and PostgreSQL (with --via-gateway: every request through nginx from
 * the repo's template); breaks things on purpose and counts what was lost. Exits non-zero when any
 * promise is broken.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import mongoose from 'mongoose';
import { Scenario } from './scenario';
import { printTable, runScenarios, ScenarioRow } from './report';
import { accessControl } from './scenarios/access-control';
import { badInput } from './scenarios/bad-input';
import { catalogGracefulShutdown, catalogStoreOutage } from './scenarios/catalog';
import { brokerOutage } from './scenarios/broker-outage';
import { databaseOutage } from './scenarios/database-outage';
import { gracefulShutdown } from './scenarios/graceful-shutdown';
import { idempotencyRace } from './scenarios/idempotency-race';
import { poison } from './scenarios/poison';
import { catalogKilled, catalogSideDown, catalogStoreStopped, oversold } from './scenarios/saga';
import { billingCrashes, cancelsRacingCharges, productsDeletedWhilePaid, providerCommitsThenFails, providerDown } from './scenarios/payments';
import { workerCrashes } from './scenarios/worker-crashes';
import { createDatabase, dropDatabase } from '../e2e/postgres';
import { billingDatabaseUrl, buildFromSources, catalogDatabaseUrl, infra, mongoUri, PORTS, ROOT, Stack } from './stack';
import { routeThroughGateway } from './client';
import { TestGateway } from '../e2e/gateway';

const SCENARIOS: Scenario[] = [
  badInput,
  accessControl,
  idempotencyRace,
  poison,
  workerCrashes,
  brokerOutage(20_000, 300),
  databaseOutage(10_000),
  gracefulShutdown,
  oversold,
  catalogSideDown(catalogKilled, 20_000),
  catalogSideDown(catalogStoreStopped, 20_000),
  catalogGracefulShutdown,
  catalogStoreOutage(10_000),
  providerDown,
  providerCommitsThenFails,
  billingCrashes,
  cancelsRacingCharges,
  productsDeletedWhilePaid,
];

async function main(): Promise<void> {
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'inherit' });
  await infra('up');
  buildFromSources();
  const stack = new Stack();
  // --via-gateway: every request through nginx from the repo's template, as clients reach the platform.
  const gateway = process.argv.includes('--via-gateway')
    ? new TestGateway({
        GATEWAY_AUTH_UPSTREAMS: `127.0.0.1:${PORTS.auth}`,
        GATEWAY_ORDERS_UPSTREAMS: `127.0.0.1:${PORTS.orders}`,
        GATEWAY_CATALOG_UPSTREAMS: `127.0.0.1:${PORTS.catalog}`,
        GATEWAY_BILLING_UPSTREAMS: `127.0.0.1:${PORTS.billing}`,
        // The load is one client: the per-client limits would be all it measured.
        GATEWAY_RATE_LIMIT: '100000',
        GATEWAY_RATE_BURST: '100000',
        GATEWAY_TOKEN_RATE_LIMIT: '100000',
        GATEWAY_TOKEN_BURST: '100000',
      })
    : undefined;
  await createDatabase(new URL(catalogDatabaseUrl('system')));
  await createDatabase(new URL(billingDatabaseUrl('system')));
  const connection = await mongoose.createConnection(mongoUri).asPromise();
  const rows: ScenarioRow[] = [];
  try {
    await stack.start('auth');
    await stack.start('orders');
    await stack.start('order-processor');
    await stack.start('catalog');
    await stack.start('billing');
    if (gateway) {
      await gateway.start();
      routeThroughGateway(gateway.url);
      console.log(`[system] through the gateway (nginx) on ${gateway.url}`);
    }
    await runScenarios('system', SCENARIOS, { stack, db: connection }, process.env.SYSTEM_SCENARIOS, rows);
  } finally {
    await gateway?.stop();
    await stack.stopAll();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await dropDatabase(new URL(catalogDatabaseUrl('system'))).catch(() => undefined);
    await dropDatabase(new URL(billingDatabaseUrl('system'))).catch(() => undefined);
  }
  console.log('');
  printTable(rows);
  writeFileSync(resolve(ROOT, '.infra', 'system-results.json'), JSON.stringify(rows, null, 2));
  const failed = rows.filter((row) => row.result.broken.length > 0).length;
  console.log(`\nsystem${gateway ? ' (through the gateway)' : ''}: ${rows.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
