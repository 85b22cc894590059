import { Connection, Types } from 'mongoose';
import { Answer } from './client';
import { Stack, sleep } from './stack';

export interface ScenarioResult {
  sent: number;
  accepted: number;
  rejected: number;
  serverErrors: number;
  processed?: number;
  lost?: number;
  processedTwice?: number;
  /** Units sold beyond the stock (catalog orders). */
  oversold?: number;
  /** Orders the provider charged more than once (the reconciliation's count). */
  chargedTwice?: number;
  /** Orders that ended without money (cancelled, rejected, refunded) yet still charged. */
  refundMissing?: number;
  recoveryMs?: number;
  /** Extra figures worth printing (p99 of 503s, DLQ size, …). */
  notes: string[];
  /** Promises the scenario broke; empty when it kept them all. */
  broken: string[];
}

export interface ScenarioContext {
  stack: Stack;
  db: Connection;
}

export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** Counts answers and remembers which orders were accepted. */
export class Tally {
  sent = 0;
  accepted = 0;
  rejected = 0;
  serverErrors = 0;
  /** Connections refused or reset, or (through the gateway) no instance reachable: the app was not there (expected only while it restarts). */
  unreachable = 0;
  readonly acceptedIds: string[] = [];
  readonly answers: Answer[] = [];

  record(answer: Answer): Answer {
    this.sent++;
    this.answers.push(answer);
    if (answer.status === 201 || answer.status === 200) {
      this.accepted++;
      if (typeof answer.body?.orderid === 'string') this.acceptedIds.push(answer.body.orderid);
    } else if (answer.status >= 400 && answer.status < 500) this.rejected++;
    else if (answer.status >= 500) this.serverErrors++;
    return answer;
  }

  result(extra: Partial<ScenarioResult> = {}): ScenarioResult {
    return { sent: this.sent, accepted: this.accepted, rejected: this.rejected, serverErrors: this.serverErrors, notes: [], broken: [], ...extra };
  }
}

/**
 * Polls until none of `ids` is still PLACED (PROCESSED, or moved on to REJECTED or CANCELLED, which
 * the caller counts), or the time is up. While the last of them (ids come in the order they were
 * accepted) is still PLACED, only it is looked up, by `_id`, which FerretDB serves from an index;
 * then the orders still PLACED are asked for by their status alone, an equality FerretDB pushes
 * down. A poll asking by `_id: {$in}` (not pushed down) read every order in the database on
 * FerretDB, ≈ 0.3 ms of its CPU each, during the very broker-outage recovery the suite measures
 * (docs/performance.md).
 */
export async function untilProcessed(db: Connection, ids: Types.ObjectId[], timeoutMs: number): Promise<void> {
  const started = Date.now();
  const orders = db.collection('orders');
  let waiting = ids;
  while (Date.now() - started < timeoutMs && waiting.length > 0) {
    const last = await orders.findOne({ _id: waiting[waiting.length - 1] }, { projection: { status: 1 } });
    if (!last || last.status === 'PLACED') {
      await sleep(500);
      continue;
    }
    const placed = await orders.find({ status: 'PLACED' }, { projection: { _id: 1 } }).toArray();
    const stillPlaced = new Set(placed.map((order) => String(order._id)));
    waiting = waiting.filter((id) => stillPlaced.has(String(id)));
    if (waiting.length > 0) await sleep(500);
  }
}

/** Waits until every accepted order is PROCESSED (or the time is up) and counts the damage. */
export async function settle(db: Connection, orderids: string[], timeoutMs = 120_000) {
  const started = Date.now();
  const ids = [...new Set(orderids)].map((id) => new Types.ObjectId(id));
  await untilProcessed(db, ids, timeoutMs);
  const twice = await db
    .collection('orders')
    .find({ _id: { $in: ids } }, { projection: { status: 1, statusHistory: 1 } })
    .toArray();
  // Counted once more at the end: an order seen PROCESSED could have moved on since.
  const processed = twice.filter((order) => order.status === 'PROCESSED').length;
  const processedTwice = twice.filter(
    (order) => (order.statusHistory as { status: string }[]).filter((change) => change.status === 'PROCESSED').length > 1,
  ).length;
  // When the last of them became PROCESSED, as the processor stored it (not when this poll saw it).
  const lastProcessedAt = Math.max(
    0,
    ...twice.flatMap((order) => (order.statusHistory as { status: string; at: Date }[]).filter((change) => change.status === 'PROCESSED').map((change) => change.at.getTime())),
  );
  return { processed, lost: ids.length - processed, processedTwice, settleMs: Date.now() - started, lastProcessedAt };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Places orders from `workers` concurrent loops until `until()` says stop. */
export async function load(
  tally: Tally,
  place: () => Promise<Answer>,
  workers: number,
  until: () => boolean,
  paceMs = 0,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!until()) {
        try {
          tally.record(await place());
          if (paceMs > 0) await sleep(paceMs);
        } catch {
          tally.sent++;
          tally.unreachable++;
          await sleep(50);
        }
      }
    }),
  );
}
