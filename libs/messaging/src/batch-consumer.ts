import { Logger, OnModuleDestroy } from '@nestjs/common';
import { consumerRetries } from '@app/observability';
import type { BatchControl, EventBatchContext } from './kafka-batch-server';

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

export interface RetrySettings {
  initialMs: number;
  maxMs: number;
}

/**
 * Runs `operation` until it succeeds, backing off between failures and heartbeating meanwhile
 * (the partition waits; nothing is skipped). Undefined when the app stopped first.
 */
export async function retryUntilStopped<T>(
  control: BatchControl,
  logger: Logger,
  what: string,
  operation: () => Promise<T>,
  settings: RetrySettings = { initialMs: 200, maxMs: 5000 },
): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    if (control.stopping()) return undefined;
    try {
      return await operation();
    } catch (error) {
      consumerRetries.inc({ operation: what });
      const delayMs = Math.min(settings.initialMs * 2 ** Math.min(attempt, 16), settings.maxMs);
      if (attempt % 10 === 0) logger.warn({ err: error, attempt, retryInMs: delayMs }, `could not ${what}; retrying`);
      await control.heartbeat().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
