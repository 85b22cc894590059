import { Agent, request } from 'node:http';
import type { LoadResult } from './load';
import { percentile } from './report';

export interface PacedSpec {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The body of the i-th request (POST). */
  body?: (index: number) => string;
  /** The path and query of the i-th request, when it changes (GET). */
  path?: (index: number) => string;
  rate: number;
  durationS: number;
  /** Kept-alive connections; a request due while all are busy waits for one, and that wait counts. */
  connections: number;
  timeoutMs?: number;
}

/**
 * An open-loop load at a steady rate: request i is sent at start + i / rate, whatever the
 * answers before it, and its latency counts from that moment (a request kept waiting by a slow
 * server is late by the wait: no coordinated omission). autocannon's rate option is not used for
 * this: it lets each connection send its quota for the second as soon as the second starts, so
 * "40/s" arrives as a burst of 40 at each second's start and the latencies measured are the
 * burst's queue (measured: POST p50 48 ms at "40/s", 9 ms one at a time).
 */
export async function pacedLoad(spec: PacedSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const total = Math.max(1, Math.round(spec.rate * spec.durationS));
  const intervalMs = 1000 / spec.rate;
  const latencies: number[] = [];
  const counts = { ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();

  const send = (index: number, dueAt: number) =>
    new Promise<void>((done) => {
      const body = spec.body?.(index);
      const outgoing = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: spec.method,
          path: spec.path?.(index) ?? `${target.pathname}${target.search}`,
          headers: { ...spec.headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) },
          timeout: spec.timeoutMs ?? 10_000,
        },
        (answer) => {
          answer.resume();
          answer.on('end', () => {
            latencies.push(performance.now() - dueAt);
            if (answer.statusCode !== undefined && answer.statusCode >= 200 && answer.statusCode < 300) counts.ok++;
            else counts.non2xx++;
            done();
          });
        },
      );
      let timedOut = false;
      outgoing.on('timeout', () => {
        timedOut = true;
        counts.timeouts++;
        outgoing.destroy();
      });
      outgoing.on('error', () => {
        if (!timedOut) counts.errors++;
        done();
      });
      outgoing.end(body);
    });

  for (let index = 0; index < total; ) {
    const now = performance.now();
    // Every request due by now goes out; the timer's grain (a millisecond or so) only bunches neighbours.
    while (index < total && started + index * intervalMs <= now) {
      inFlight.push(send(index, started + index * intervalMs));
      index++;
    }
    if (index < total) await new Promise((resume) => setTimeout(resume, Math.max(0, started + index * intervalMs - performance.now())));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = Math.max(spec.durationS, (performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  return {
    rps: counts.ok / seconds,
    ...counts,
    // Tenths of a millisecond: the growth phase compares latencies of a few milliseconds.
    p50: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p99: Math.round(percentile(latencies, 0.99) * 10) / 10,
    seconds,
  };
}
