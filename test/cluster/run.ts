/**
 * npm run test:cluster [-- --no-build] — the platform as a cluster on this machine: three KRaft
 * brokers (infra.sh with INFRA_KAFKA_BROKERS=3), two instances of every app, every request through
 * the gateway; a broker, an instance and every app in turn are taken away under load, and what was
 * lost is counted. Exits non-zero when any promise is broken. Leaves the cluster's brokers stopped:
 * the other suites run on the single broker.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import mongoose from 'mongoose';
import { routeThroughGateway } from '../system/client';
import { printTable, runScenarios, ScenarioRow } from '../system/report';
import { billingDatabaseUrl, buildFromSources, catalogDatabaseUrl, infra, mongoUri, ROOT, topicPrefix } from '../system/stack';
import { createDatabase, dropDatabase } from '../e2e/postgres';
import { Cluster, CLUSTER_INFRA } from './cluster';
import { ClusterScenario } from './cluster-scenario';
import { ordersInstanceKilled, processorInstanceKilled } from './scenarios/instance-killed';
import { billingInstanceKilled } from './scenarios/billing-killed';
import { leaderBrokerKilled } from './scenarios/leader-broker-killed';
import { rollingRestart } from './scenarios/rolling-restart';

const SCENARIOS: ClusterScenario[] = [leaderBrokerKilled(20_000), ordersInstanceKilled, processorInstanceKilled, billingInstanceKilled, rollingRestart];

async function main(): Promise<void> {
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'inherit' });
  await infra('up', undefined, CLUSTER_INFRA);
  buildFromSources();
  const cluster = new Cluster();
  await createDatabase(new URL(catalogDatabaseUrl('system')));
  await createDatabase(new URL(billingDatabaseUrl('system')));
  const connection = await mongoose.createConnection(mongoUri).asPromise();
  const rows: ScenarioRow[] = [];
  try {
    await cluster.start();
    routeThroughGateway(cluster.gateway.url);
    console.log(`[cluster] 3 brokers, 2 instances of each app, through the gateway on ${cluster.gateway.url}`);
    await runScenarios('cluster', SCENARIOS, { cluster, db: connection }, process.env.CLUSTER_SCENARIOS, rows);
  } finally {
    await cluster.stop();
    // The cluster's data dir outlives the run: its topics would make every later broker restart
    // recover more logs. A broken promise keeps them, to be read.
    const anyBroken = rows.some((row) => row.result.broken.length > 0);
    await (anyBroken ? Promise.reject(new Error(`kept for a look, prefix ${topicPrefix}`)) : cluster.admin())
      .then(async (admin) => {
        const deleted = await admin.deleteTopicsStartingWith(topicPrefix).finally(() => admin.disconnect());
        console.log(`[cluster] deleted the run's ${deleted.length} topics`);
      })
      .catch((error: Error) => console.log(`[cluster] the run's topics stay: ${error.message}`));
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await dropDatabase(new URL(catalogDatabaseUrl('system'))).catch(() => undefined);
    await dropDatabase(new URL(billingDatabaseUrl('system'))).catch(() => undefined);
    await infra('down', 'kafka').catch(() => undefined);
  }
  console.log('');
  printTable(rows);
  writeFileSync(resolve(ROOT, '.infra', 'cluster-results.json'), JSON.stringify(rows, null, 2));
  const failed = rows.filter((row) => row.result.broken.length > 0).length;
  console.log(`\ncluster: ${rows.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // A client a crashed scenario left connected must not keep CI waiting.
  .finally(() => process.exit());
