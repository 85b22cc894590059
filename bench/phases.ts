import { AppName } from '@test/system/stack';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { memoryProbeDir, settings, stack, WATCHED } from './bench-stack';
import { postOrders, LoadResult } from './load';
import { CpuMeter, peakRssMb, round } from './process-stats';
import { missedTarget } from './drift';
import { formatNumber } from './report';

export type PhaseResult = { rps?: number; p50?: number; p99?: number; non2xx?: number; errors?: number; timeouts?: number; [figure: string]: number | undefined };

export interface Phase {
  name: string;
  result: PhaseResult;
  cpuSeconds: Record<string, number>;
}

/** Every measured phase of the run, in order, and the apps' peak RSS over all of them. */
export const phases: Phase[] = [];
export const peakRss: Record<string, number> = {};

/**
 * What an app's memory held at its highest sampled RSS in this run (bench/memory-probe.js), in
 * one line for P7's detail; undefined when the probe wrote nothing.
 */
export function memoryAtPeak(app: AppName): string | undefined {
  try {
    const peak = JSON.parse(readFileSync(resolve(memoryProbeDir, `${app}.json`), 'utf8')) as Record<string, number>;
    return `at ${peak.rssMb} MB: V8 heap ${peak.heapTotalMb} (young ${peak.newSpaceMb}, old ${peak.oldSpaceMb}, used ${peak.heapUsedMb}), external ${peak.externalMb} (buffers ${peak.arrayBuffersMb}), outside V8 ${peak.outsideV8Mb}`;
  } catch {
    return undefined;
  }
}

export function notePeakRss(): void {
  for (const app of ['auth', 'orders', 'order-processor', 'catalog'] as AppName[]) {
    const pid = stack.pid(app);
    const rss = pid ? peakRssMb(pid) : undefined;
    if (rss !== undefined) peakRss[app] = Math.max(peakRss[app] ?? 0, round(rss));
  }
}

/** Runs one phase with every watched process's CPU metered, records it and prints one line. */
export async function measured<T extends PhaseResult>(name: string, work: () => Promise<T>): Promise<T> {
  const meter = new CpuMeter(WATCHED);
  meter.start();
  const result = await work();
  const cpuSeconds = meter.stop();
  notePeakRss();
  phases.push({ name, result, cpuSeconds });
  const rate = result.rps === undefined ? '' : ` ${formatNumber(result.rps)}/s`;
  const latency = result.p99 === undefined ? '' : ` p50 ${formatNumber(result.p50)} ms p99 ${formatNumber(result.p99)} ms`;
  const failures = (result.non2xx ?? 0) + (result.errors ?? 0) + (result.timeouts ?? 0);
  const short = missedTarget(result) ? ` — short of its target ${formatNumber(result.target)}/s (under 95 %): no latency reported` : '';
  console.log(`[bench] ${name}:${rate}${latency}${failures ? ` (${failures} failed requests)` : ''}${short}`);
  return result;
}

/** A warm-up at full speed (not recorded), then the measured run. */
export async function maxRate(name: string, url: string, token: string | undefined, userid: string): Promise<LoadResult> {
  await postOrders({ url, token, userid, connections: settings.connections, durationS: settings.warmupS });
  return measured(name, () => postOrders({ url, token, userid, connections: settings.connections, durationS: settings.durationS }));
}

export function phaseResult(prefix: string): PhaseResult {
  const phase = phases.find((candidate) => candidate.name.startsWith(prefix));
  if (!phase) throw new Error(`no phase named ${prefix}…`);
  return phase.result;
}
