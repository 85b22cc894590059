import type { Connection } from 'mongoose';
import { placedToProcessed } from './backlog';
import { HopBreakdown, hopBreakdown, HopSources, printBreakdown } from './hops';
import type { LoadResult } from './load';
import { atMost, Figure } from './report';

/** One rate-targeted phase followed to PROCESSED: its POST load and its orders' placed → PROCESSED. */
export interface FollowedPhase {
  rate: number;
  load: LoadResult & { target?: number };
  e2e: { p50: number; p99: number; count: number; drainMs: number };
  hops: HopBreakdown;
}

/**
 * P4's goals for one kind of order: at a quarter of its max, placed → PROCESSED p50 ≤ 60 ms and
 * p99 ≤ 250 ms; at half, p99 ≤ that phase's POST p99 + 150 ms; settled within `settleGoalMs` of
 * the half load's end. `extraMs` is what a hop outside the platform adds by design (the payment
 * provider's own latency). A phase that missed its rate (drift.ts) reports n/a.
 */
export function latencyFigures(kind: string, quarter: FollowedPhase, half: FollowedPhase, settleGoalMs: number, extraMs = 0): Figure[] {
  const held = (phase: FollowedPhase, value: number) => (phase.load.p99 === undefined ? undefined : value);
  const plus = extraMs ? ` + the provider's ${extraMs}` : '';
  return [
    atMost('P4', `${kind} at a quarter of their max: placed → PROCESSED p50`, held(quarter, quarter.e2e.p50), 60 + extraMs, 'ms', `${quarter.rate}/s, ${quarter.e2e.count} orders; goal 60 ms${plus}`),
    atMost('P4', `${kind} at a quarter of their max: placed → PROCESSED p99`, held(quarter, quarter.e2e.p99), 250 + extraMs, 'ms', `POST p99 ${quarter.load.p99 ?? 'n/a'} ms; goal 250 ms${plus}`),
    atMost('P4', `${kind} at half of their max: placed → PROCESSED p99`, held(half, half.e2e.p99), (half.load.p99 ?? 0) + 150 + extraMs, 'ms', `${half.rate}/s, p50 ${half.e2e.p50} ms; goal POST p99 ${half.load.p99 ?? 'n/a'} ms + 150${plus}`),
    atMost('P4', `${kind}: the last PROCESSED after the half load stops`, half.e2e.drainMs, settleGoalMs, 'ms'),
  ];
}

export interface FollowSpec {
  /** The phase's name in the output. */
  name: string;
  rate: number;
  db: Connection;
  /** The load at `rate`, held or not (drift.ts heldTarget). */
  post: () => Promise<LoadResult & { target?: number }>;
  /** Resolves once every order matching `filter` has left PLACED. */
  settle: (filter: Record<string, unknown>) => Promise<unknown>;
  /** The user whose orders the phase places. */
  userId: string;
  hops: Omit<HopSources, 'db' | 'filter' | 'since'>;
  /** Wraps the load (the main bench meters each phase's CPU). */
  meter?: <T extends LoadResult>(name: string, work: () => Promise<T>) => Promise<T>;
}

/** Runs one rate-targeted phase and follows its orders to PROCESSED: times, settling, and where they waited. */
export async function followPhase(spec: FollowSpec): Promise<FollowedPhase> {
  const since = new Date();
  const meter = spec.meter ?? ((_name, work) => work());
  const load = await meter(spec.name, spec.post);
  const loadEnded = Date.now();
  const filter = { userid: spec.userId, createdAt: { $gte: since } };
  await spec.settle(filter);
  // From the orders' own times: a count over this many orders is not pushed down by FerretDB
  // and takes seconds, so the moment the wait ends would say more about the count.
  const times = await placedToProcessed(spec.db, filter);
  const e2e = { ...times, drainMs: Math.max(0, times.lastProcessedAt - loadEnded) };
  console.log(
    `[bench] ${spec.name}: placed → PROCESSED p50 ${e2e.p50} ms p99 ${e2e.p99} ms max ${e2e.max} ms over ${e2e.count} orders (${e2e.viaRelay} published by the relay); the last ${e2e.drainMs} ms after the load`,
  );
  const hops = await hopBreakdown({ ...spec.hops, db: spec.db, filter, since });
  printBreakdown(spec.name, hops);
  return { rate: spec.rate, load, e2e, hops };
}
