import { Injectable } from '@nestjs/common';
import { OutgoingEvent } from '@app/contracts';
import { BatchControl, EventPublisher } from '@app/messaging';
import { OrderMessage, StatusWriteRetry } from './status-write-retry';

/** One order's status write, as a handler says it: the write, and what to announce after it. */
export interface StatusChange<R extends string> {
  /** For logs and the retry metric: "mark an order cancelled". */
  what: string;
  /** The same for the announcement: "emit OrderCancelled". */
  announcing: string;
  write: (at: Date) => Promise<R | 'missing'>;
  /** The event to announce for the write's outcome; undefined when there is nothing to announce. */
  announce: (outcome: R, at: Date) => OutgoingEvent | undefined;
}

/**
 * Moves one order (a rejection, a cancel): the write retried until the store takes it, waited
 * for while the order is not there yet, then its event published (also again after a
 * redelivery: the first publish may have failed before the commit).
 */
@Injectable()
export class OrderStatusChange {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly retry: StatusWriteRetry,
  ) {}

  apply<R extends string>(request: OrderMessage, control: BatchControl, change: StatusChange<R>): Promise<void> {
    return this.retry.untilFound([request], control, async () => {
      const at = new Date();
      const outcome = await this.retry.retrying(change.what, control, () => change.write(at));
      if (outcome === 'missing') return [request];
      const event = change.announce(outcome, at);
      if (event) await this.retry.retrying(change.announcing, control, () => this.publisher.publish([event]));
      return [];
    });
  }
}
