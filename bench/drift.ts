import type { PhaseResult } from './phases';

/** The first SUT phase, repeated at the end of the run, must come within this share of itself. */
export const DRIFT_LIMIT = 0.1;
/** A rate-targeted phase reports a latency only when it reached this share of its target rate. */
export const TARGET_SHARE = 0.95;

export interface DriftCheck {
  first: number;
  repeat: number;
  /** |repeat − first| ÷ first. */
  drift: number;
  valid: boolean;
}

/**
 * Whether the machine and the store stayed the same from the run's start to its end: the same
 * phase measured first and last. A run that drifted more than DRIFT_LIMIT compared its phases
 * under different conditions, and its ratios are not printed.
 */
export function driftCheck(first: number, repeat: number, limit = DRIFT_LIMIT): DriftCheck {
  const drift = first > 0 ? Math.abs(repeat - first) / first : Infinity;
  return { first, repeat, drift, valid: drift <= limit };
}

/** Whether a phase asked for `target` requests/s fell short of TARGET_SHARE of it. */
export function missedTarget(result: PhaseResult): boolean {
  return result.target !== undefined && (result.rps ?? 0) < TARGET_SHARE * result.target;
}

/**
 * A phase asked for `target` requests/s: when it did not reach TARGET_SHARE of that, its
 * latencies describe another load than the one named, so they are dropped (the figures built on
 * them read n/a, and the phase's line says what it reached).
 */
export function heldTarget<T extends PhaseResult>(result: T, target: number): T & { target: number } {
  const held = { ...result, target };
  return missedTarget(held) ? { ...held, p50: undefined, p99: undefined } : held;
}
