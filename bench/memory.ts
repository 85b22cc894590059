/**
 * npm run bench:memory
 *
 * P7's question: does a runtime setting bring the orders app's peak RSS under POST /order load
 * down, and at what CPU cost? Runs the orders app under the same load once per variant (V8's
 * young-generation size), twice in alternating order, and prints each variant's idle and peak
 * RSS and CPU per request as ratios against Node 24's default measured in the same run. The
 * processor runs, as in production.
 */
import { randomBytes } from 'node:crypto';
import { AppName, infra, Stack } from '@test/system/stack';
import { registerBenchUser } from './bench-user';
import { postOrders } from './load';
import { cpuSeconds, peakRssMb } from './process-stats';
import { formatNumber, printTable } from './report';

interface Variant {
  name: string;
  nodeFlags: string[];
  env: NodeJS.ProcessEnv;
}
// On the command line, so each wins over the platform's own (.npmrc's node-options). Node 24's
// V8 grows a semi-space up to 64 MB on this machine (a young generation of 128 MB), four times
// Node 20's 16; MALLOC_ARENA_MAX=2 was measured before (× 0.99) and left out.
const VARIANTS: Variant[] = [
  { name: 'Node 24 default (64)', nodeFlags: ['--max-semi-space-size=64'], env: {} },
  { name: '--max-semi-space-size=16 (the platform\'s)', nodeFlags: ['--max-semi-space-size=16'], env: {} },
  { name: '16 + --max-old-space-size=160', nodeFlags: ['--max-semi-space-size=16', '--max-old-space-size=160'], env: {} },
  { name: '16 + --max-old-space-size=96', nodeFlags: ['--max-semi-space-size=16', '--max-old-space-size=96'], env: {} },
];
const BASELINE = VARIANTS[0].name;
const ROUNDS = 2;
const CONNECTIONS = 32;
const SECONDS = 10;

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const PORTS: Partial<Record<AppName, number>> = { orders: 4400, auth: 4401, 'order-processor': 4402 };
let current = VARIANTS[0];
const stack = new Stack({
  ports: PORTS,
  mongoUri: `mongodb://127.0.0.1:27017/rop_memory_${runId}`,
  topicPrefix: `memory-${runId}.`,
  logStem: 'memory',
  env: (app) => ({ AUTH_TOKEN_RATE_LIMIT: '1000', ...(app === 'orders' ? current.env : {}) }),
  nodeFlags: (app) => (app === 'orders' ? current.nodeFlags : []),
});

interface Sample {
  idleMb: number;
  peakMb: number;
  rps: number;
  cpuMsPerRequest: number;
}

async function measure(variant: Variant, user: { id: string; token: string }): Promise<Sample> {
  current = variant;
  await stack.start('orders');
  const pid = stack.pid('orders')!;
  const idleMb = peakRssMb(pid)!;
  const url = `http://127.0.0.1:${PORTS.orders}/order`;
  await postOrders({ url, token: user.token, userid: user.id, connections: CONNECTIONS, durationS: 3 });
  const before = cpuSeconds(pid);
  const load = await postOrders({ url, token: user.token, userid: user.id, connections: CONNECTIONS, durationS: SECONDS });
  const cpu = cpuSeconds(pid) - before;
  const sample = { idleMb, peakMb: peakRssMb(pid)!, rps: load.rps, cpuMsPerRequest: (cpu * 1000) / load.ok };
  await stack.stop('orders');
  console.log(`[memory] ${variant.name}: idle ${formatNumber(idleMb)} MB, peak ${formatNumber(sample.peakMb)} MB, ${formatNumber(load.rps)} req/s, ${sample.cpuMsPerRequest.toFixed(2)} ms CPU/request`);
  return sample;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main(): Promise<void> {
  await infra('up');
  const samples = new Map<string, Sample[]>(VARIANTS.map((variant) => [variant.name, []]));
  try {
    await stack.start('auth');
    await stack.start('order-processor');
    const user = await registerBenchUser(`http://127.0.0.1:${PORTS.auth}`, `memory${runId}`);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) samples.get(variant.name)!.push(await measure(variant, user));
    }
  } finally {
    await stack.stopAll();
  }
  const averaged = (name: string) => {
    const runs = samples.get(name)!;
    return { idleMb: mean(runs.map((run) => run.idleMb)), peakMb: mean(runs.map((run) => run.peakMb)), cpu: mean(runs.map((run) => run.cpuMsPerRequest)) };
  };
  const baseline = averaged(BASELINE);
  printTable(
    `orders app under POST /order (${CONNECTIONS} connections, ${SECONDS} s, mean of ${ROUNDS}); ratios against ${BASELINE} in this run`,
    ['variant', 'idle MB', 'peak MB', 'peak ÷ baseline', 'CPU ms/request', 'CPU ÷ baseline'],
    VARIANTS.map(({ name }) => {
      const figures = averaged(name);
      return [name, formatNumber(figures.idleMb), formatNumber(figures.peakMb), (figures.peakMb / baseline.peakMb).toFixed(2), figures.cpu.toFixed(2), (figures.cpu / baseline.cpu).toFixed(2)];
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
