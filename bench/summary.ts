import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from '@test/system/stack';
import { runId, settings } from './bench-stack';
import { peakRss, phases } from './phases';
import { Figure, formatNumber, printFigures, printTable } from './report';
import { round } from './process-stats';
import { DRIFT_LIMIT, DriftCheck } from './drift';

/** Time from `npm start` (warm caches, servers up) to all apps ready, unless the operator's apps are running. */
export function timeNpmStart(): { seconds?: number; note?: string } {
  const running = spawnSync('curl', ['-fs', '-o', '/dev/null', 'http://127.0.0.1:3000/health'], { timeout: 3000 });
  if (running.status === 0) return { note: 'skipped: something already serves port 3000 (npm start is running?)' };
  const started = Date.now();
  const start = spawnSync('bash', [resolve(ROOT, 'scripts', 'start.sh')], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  const seconds = (Date.now() - started) / 1000;
  // The apps only (npm stop would take the servers down too).
  const pm2 = { cwd: ROOT, stdio: 'ignore' as const, timeout: 60_000, env: { ...process.env, PM2_HOME: resolve(ROOT, '.infra', 'pm2') } };
  spawnSync(resolve(ROOT, 'node_modules', '.bin', 'pm2'), ['delete', 'all'], pm2);
  spawnSync(resolve(ROOT, 'node_modules', '.bin', 'pm2'), ['kill'], pm2);
  return start.status === 0 ? { seconds } : { note: `npm start failed with ${start.status}` };
}

function versions(): Record<string, string> {
  const version = (name: string) => (JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    node: process.version,
    nestjs: version('@nestjs/core'),
    kafkajs: version('kafkajs'),
    mongoose: version('mongoose'),
    autocannon: version('autocannon'),
    fastify: version('fastify'),
    kafka: '3.9.1',
    ferretdb: 'v1.24.2 on PostgreSQL 15',
  };
}

/**
 * Prints the phases and the goals, and writes the same under bench/results/. A full run that
 * drifted (drift.ts) prints INVALID instead of its ratios and exits non-zero; a quick run's
 * phases last seconds, so its drift is shown, not enforced.
 */
export function report(figures: Figure[], extra: Record<string, unknown>, startedAt: number, drift: DriftCheck): void {
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30) };
  console.log(`\n[bench] machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB; ${JSON.stringify(versions())}`);
  console.log(`[bench] settings: ${JSON.stringify(settings)}`);
  printTable(
    'Phases (CPU seconds of each process during the phase)',
    ['phase', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'cpu s'],
    phases.map((phase) => [
      phase.name,
      formatNumber(phase.result.rps),
      formatNumber(phase.result.p50),
      formatNumber(phase.result.p99),
      String((phase.result.non2xx ?? 0) + (phase.result.errors ?? 0) + (phase.result.timeouts ?? 0)),
      Object.entries(phase.cpuSeconds)
        .filter(([, seconds]) => seconds > 0)
        .map(([name, seconds]) => `${name} ${seconds}`)
        .join(', '),
    ]),
  );
  const driftLine = `the first SUT phase ${formatNumber(drift.first)}/s, repeated at the end ${formatNumber(drift.repeat)}/s: drift ${(drift.drift * 100).toFixed(1)} % (limit ${DRIFT_LIMIT * 100} %)`;
  const valid = drift.valid || settings.mode === 'quick';
  if (valid) {
    printFigures(figures);
    const failed = figures.filter((figure) => figure.pass === false).length;
    console.log(`\n[bench] drift check: ${driftLine}${drift.valid ? '' : ' — not enforced in a quick run'}`);
    console.log(`[bench] ${figures.length - failed} of ${figures.length} goals met; ${Math.round((Date.now() - startedAt) / 1000)} s`);
  } else {
    console.log(`\n[bench] INVALID: ${driftLine}. The machine or the store changed during the run, so its phases were not measured alike and no ratio is printed; run it again.`);
    process.exitCode = 1;
  }
  mkdirSync(resolve(ROOT, 'bench', 'results'), { recursive: true });
  const file = resolve(ROOT, 'bench', 'results', `${settings.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const results = { runId, at: new Date().toISOString(), machine, versions: versions(), settings, phases, ...extra, peakRssMb: peakRss, drift, valid: drift.valid, figures: valid ? figures : [] };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`[bench] results: ${file}`);
}
