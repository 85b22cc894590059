import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Backoff, BackoffSettings } from '@app/common';
import { OrderNotFoundError } from '@app/domain';
import { BatchControl, IncomingEvent, pauseWhileRunning, retryWhileRunning } from '@app/messaging';
import { processorConfig } from '../processor.config';
import { DeadLetters } from './dead-letters';
import type { PlacedOrderRef } from './order-placed.parser';

/** An event that moves one order, with the order it names. */
export interface OrderMessage<T extends PlacedOrderRef = PlacedOrderRef> {
  message: IncomingEvent;
  order: T;
}

/**
 * What every status write of the processor does around itself: a failing store or broker is
 * retried with the processor's back-off until it passes (the partition waits; nothing is
 * skipped); an order that is not there yet (its insert is still on its way) is waited for, and
 * dead-lettered after PROCESSOR_NOT_FOUND_RETRIES.
 */
@Injectable()
export class StatusWriteRetry {
  private readonly logger = new Logger(StatusWriteRetry.name);
  private readonly backoff: BackoffSettings;

  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(processorConfig.KEY) private readonly config: ConfigType<typeof processorConfig>,
  ) {
    this.backoff = { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs };
  }

  retrying<T>(what: string, control: BatchControl, operation: () => Promise<T>): Promise<T> {
    return retryWhileRunning(control, this.logger, what, operation, this.backoff);
  }

  /** Runs `write` on the orders, then again on those it answers missing, until none is or they are given up. */
  async untilFound<T extends OrderMessage>(orders: T[], control: BatchControl, write: (pending: T[]) => Promise<T[]>): Promise<void> {
    let pending = orders;
    for (let failures = 0; pending.length > 0; failures++) {
      pending = await write(pending);
      if (pending.length === 0) return;
      if (failures >= this.config.notFoundRetries) {
        for (const { message, order } of pending) await this.deadLetters.forError(message, new OrderNotFoundError(order.orderid), control);
        return;
      }
      await pauseWhileRunning(Backoff.delayAfter(failures, this.backoff), control);
    }
  }
}
