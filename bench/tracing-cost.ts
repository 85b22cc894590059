/**
 * npm run bench -- --tracing [--quick] [--rounds N]
 *
 * P9 on its own, to find what tracing costs without a full run: POST /order at full speed with
 * tracing off, with every trace, with 1 in 10 sampled, and with the HTTP-layer instrumentations
 * off, each on an empty store, after one unrecorded warm-up phase, in N rounds (2 by default)
 * that interleave the configurations so a machine that slows down during the run slows all of
 * them. Each figure divides a configuration's median
 * rate over the rounds by the median with tracing off; the off rate of the first round against
 * the last is the drift check (a run past DRIFT_LIMIT is INVALID). The full run's P9
 * (bench/run.ts) stays the figure of record; this is where a change to tracing is tried first.
 */
import { OtlpReceiver } from '@test/observability/otlp-receiver';
import { children, placedTopic, PORTS, prepareServers, runId, settings, stack, stackOptions, topicPrefix } from './bench-stack';
import { registerBenchUser } from './bench-user';
import { caughtUp, waitUntil } from './backlog';
import { stopChild } from './children';
import { driftCheck, DRIFT_LIMIT } from './drift';
import { freshOrderState } from './fresh-state';
import { maxRate } from './phases';
import { formatNumber } from './report';

interface Configuration {
  name: string;
  tracesTo?: boolean;
  traceRatio?: number;
  untracedLayers?: string;
}

const CONFIGURATIONS: Configuration[] = [
  { name: 'off' },
  { name: 'every trace', tracesTo: true },
  { name: '1 in 10 sampled', tracesTo: true, traceRatio: 0.1 },
  { name: 'every trace, no HTTP-layer instrumentations', tracesTo: true, untracedLayers: 'http,fastify,nestjs-core' },
];
const GOALS: Record<string, number> = { 'every trace': 0.8, '1 in 10 sampled': 0.9 };

function rounds(): number {
  const index = process.argv.indexOf('--rounds');
  return index >= 0 ? Math.max(1, Number(process.argv[index + 1])) : 2;
}

async function main(): Promise<void> {
  const { db, kafkaAdmin } = await prepareServers();
  const receiver = new OtlpReceiver({ keep: false });
  await receiver.start();
  const rates: Record<string, number[]> = Object.fromEntries(CONFIGURATIONS.map((configuration) => [configuration.name, []]));
  console.log(`[bench] tracing cost, ${settings.mode} phases, run ${runId}`);
  try {
    await stack.start('auth');
    await stack.start('order-processor'); // creates the topics, then works off each phase's orders
    await stack.stop('order-processor');
    const user = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `bench${runId}`);
    const ordersUrl = `http://127.0.0.1:${PORTS.orders}/order`;
    // Round 0 warms the machine up (the first phase after the servers start ran 612/s, the
    // same phase later 995/s) and is not counted.
    for (let round = 0; round <= rounds(); round++) {
      for (const configuration of round === 0 ? CONFIGURATIONS.slice(0, 1) : CONFIGURATIONS) {
        stackOptions.tracesTo = configuration.tracesTo ? receiver.endpoint : undefined;
        stackOptions.traceRatio = configuration.traceRatio;
        stackOptions.untracedLayers = configuration.untracedLayers;
        await freshOrderState(db);
        await stack.start('orders');
        const result = await maxRate(`round ${round || 'warm-up'}: ${configuration.name}`, ordersUrl, user.token, user.id);
        await stack.stop('orders');
        if (round > 0) rates[configuration.name].push(result.rps ?? 0);
        // Processed before the next phase empties the store (the processor would wait for them).
        await stack.start('order-processor');
        await waitUntil('processor caught up', () => caughtUp(kafkaAdmin, `${topicPrefix}order-processor`, placedTopic), 300_000, 500);
        await stack.stop('order-processor');
      }
    }
  } finally {
    await stack.stopAll();
    for (const child of Object.values(children)) await stopChild(child);
    await receiver.stop();
    await kafkaAdmin.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  }
  const off = rates.off;
  const drift = driftCheck(off[0], off[off.length - 1]);
  // The median of the rounds: one phase that a vacuum or the like slowed moves it least.
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  console.log('');
  for (const configuration of CONFIGURATIONS.slice(1)) {
    const ratio = median(rates[configuration.name]) / median(off);
    const goal = GOALS[configuration.name];
    const verdict = !drift.valid ? '' : goal === undefined ? '' : ratio >= goal ? ` (goal ≥ ${goal}: met)` : ` (goal ≥ ${goal}: not met)`;
    console.log(`P9 ${configuration.name} ÷ off: ${drift.valid ? ratio.toFixed(2) : 'n/a'}${verdict}  [${rates[configuration.name].map(formatNumber).join(', ')} / ${off.map(formatNumber).join(', ')} req/s]`);
  }
  console.log(`drift (off, first round → last): ${(drift.drift * 100).toFixed(1)} % (limit ${DRIFT_LIMIT * 100} %): ${drift.valid ? 'valid' : 'INVALID, no ratio counts'}`);
}

main().catch((error: unknown) => {
  console.error('[bench] tracing cost failed:', error);
  process.exit(1);
});
