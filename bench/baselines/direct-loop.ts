/**
 * B0: a plain Node loop, BENCH_CONCURRENCY workers each placing orders back to back with the
 * driver and kafkajs directly (no HTTP), for BENCH_WARMUP_MS and then BENCH_DURATION_MS.
 * Prints one JSON line: orders/s and latency percentiles of the measured part.
 */
import { orderBody } from '../order-body';
import { percentile } from '../report';
import { connectOrderWork, requiredEnv } from './order-work';

async function main(): Promise<void> {
  const work = await connectOrderWork();
  const concurrency = Number(requiredEnv('BENCH_CONCURRENCY'));
  const warmupMs = Number(requiredEnv('BENCH_WARMUP_MS'));
  const durationMs = Number(requiredEnv('BENCH_DURATION_MS'));
  let n = 0;
  const loop = async (until: number, latencies?: number[]) => {
    while (Date.now() < until) {
      const started = performance.now();
      await work.place('bench-b0', orderBody('bench-b0', n++));
      latencies?.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => loop(Date.now() + warmupMs)));
  const latencies: number[] = [];
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, () => loop(started + durationMs, latencies)));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  await work.close();
  process.stdout.write(`${JSON.stringify({ completed: latencies.length, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
