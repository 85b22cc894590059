import { Logger, OnModuleDestroy } from '@nestjs/common';
import { Backoff, BackoffSettings } from '@app/common';
import { consumerRetries } from '@app/observability';
import type { BatchControl, BatchOutcome, EventBatchContext } from './kafka-batch-server';

/**
 * What every batch consumer (a thin @EventPattern adapter) shares: once the app stops, the
 * services it calls give up their waiting retries, leaving the batch uncommitted for redelivery.
 */
export abstract class BatchConsumer implements OnModuleDestroy {
  private stopping = false;

  protected controlFor(context: EventBatchContext): BatchControl {
    return { stopping: () => this.stopping, heartbeat: context.heartbeat };
  }

  /** Runs before the consumer disconnects: handlers waiting out a retry give up at once. */
  onModuleDestroy(): void {
    this.stopping = true;
  }
}

/** Thrown out of a retry or a pause once the app stops: the batch stays uncommitted, for redelivery. */
export class StoppedWhileRetrying extends Error {
  constructor() {
    super('the app is stopping');
  }
}

/** A batch's work as the transport sees it: 'aborted' when the app stopped before it was done. */
export async function batchOutcomeOf(work: () => Promise<void>): Promise<BatchOutcome> {
  try {
    await work();
    return 'done';
  } catch (error) {
    if (error instanceof StoppedWhileRetrying) return 'aborted';
    throw error;
  }
}

export const DEFAULT_STEP_RETRY: BackoffSettings = { initialMs: 200, maxMs: 5000 };

/**
 * Waits `ms`, heartbeating so the group keeps the partition here; throws StoppedWhileRetrying
 * as soon as the app stops.
 */
export async function pauseWhileRunning(ms: number, control: BatchControl): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (control.stopping()) throw new StoppedWhileRetrying();
    await control.heartbeat().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
  }
}

/**
 * Runs `operation` until it succeeds, waiting out the platform's back-off between failures (the
 * partition waits; nothing is skipped). Throws StoppedWhileRetrying once the app stops.
 */
export async function retryWhileRunning<T>(
  control: BatchControl,
  logger: Logger,
  what: string,
  operation: () => Promise<T>,
  settings: BackoffSettings = DEFAULT_STEP_RETRY,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    if (control.stopping()) throw new StoppedWhileRetrying();
    // Handlers go through a batch one event at a time, and a batch after an outage holds
    // thousands: without a heartbeat between events, the group takes the member for dead after
    // its session timeout and the batch is handled again elsewhere (measured: 26 s of billing's
    // recovery). kafkajs sends one only once the heartbeat interval has passed, so this is cheap.
    await control.heartbeat().catch(() => undefined);
    try {
      return await operation();
    } catch (error) {
      consumerRetries.inc({ operation: what });
      const delayMs = Backoff.delayAfter(failures, settings);
      if (failures % 10 === 0) logger.warn({ err: error, attempt: failures, retryInMs: delayMs }, `could not ${what}; retrying`);
      await pauseWhileRunning(delayMs, control);
    }
  }
}

/** retryWhileRunning for a caller that would rather hear "undefined" than catch the stop. */
export async function retryUntilStopped<T>(
  control: BatchControl,
  logger: Logger,
  what: string,
  operation: () => Promise<T>,
  settings: BackoffSettings = DEFAULT_STEP_RETRY,
): Promise<T | undefined> {
  try {
    return await retryWhileRunning(control, logger, what, operation, settings);
  } catch (error) {
    if (error instanceof StoppedWhileRetrying) return undefined;
    throw error;
  }
}
