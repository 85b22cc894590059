import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { BreakerOpenError } from '@app/common';
import { EventPublisher, PublishBreaker, TOPICS } from '@app/messaging';
import { currentTraceparent } from '@app/observability';
import type { ResolvedTopics } from '@app/messaging';
import type { OrderOutboxDocument } from '@app/persistence';
import { outboxConfig } from './outbox.config';
import { toOrderPlacedMessage } from './order-placed.event-mapper';
import { OutboxEntry, OutboxRepository } from './outbox.repository';
import { PublicationRecorder } from './publication-recorder';
import { RecentIds } from './recent-ids';

/** How long the outbox remembers what it published (at most half the re-announce age, below) and what it gave back. */
const RECENT_WINDOW_MS = 60_000;

/**
 * What the order flow asks of the outbox: store this entry with the new order, then "this
 * order was accepted; see that it is published". Publishing now is tried at once, through the
 * publish breaker; whatever fails is the relay's to retry, so callers never handle failure.
 */
@Injectable()
export class OrderOutbox {
  private readonly logger = new Logger(OrderOutbox.name);
  /** Owner of this instance's leases, for the request path and the relay alike. */
  readonly owner = `orders-${randomUUID()}`;
  private readonly failureListeners: Array<(at: number) => void> = [];
  /**
   * Orders this instance published lately: the relay skips them without asking the store (after
   * an outage the processor settles a backlog slowly, and each pass met the same thousands of
   * published-but-unsettled orders, a second of FerretDB per page of 500 just to tell). Kept for
   * one to two windows, so a window of half RELAY_REANNOUNCE_AFTER_MS never hides an order
   * overdue for another announcement.
   */
  private readonly recent: RecentIds;
  /** Orders whose publish failed here and whose claim was given back: the relay retakes them without a lookup (see claimReleased). */
  private readonly released = new RecentIds(RECENT_WINDOW_MS);

  constructor(
    private readonly publisher: EventPublisher,
    private readonly breaker: PublishBreaker,
    private readonly repository: OutboxRepository,
    private readonly publications: PublicationRecorder,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(outboxConfig.KEY) private readonly settings: ConfigType<typeof outboxConfig>,
  ) {
    this.recent = new RecentIds(Math.min(RECENT_WINDOW_MS, Math.floor(settings.relayReannounceAfterMs / 2)));
  }

  /**
   * The entry a new order is stored with: already claimed by this instance, so the relay keeps
   * off while the first publish is under way, however long the Kafka client keeps retrying it.
   */
  entryForNewOrder(now: Date): OrderOutboxDocument {
    const traceparent = currentTraceparent();
    return {
      published: false,
      leaseUntil: new Date(now.getTime() + this.settings.relayLeaseMs),
      leaseOwner: this.owner,
      attempts: 1,
      ...(traceparent ? { traceparent } : {}),
    };
  }

  /** Called after each publish that failed: the relay then sweeps for what was left. */
  onPublishFailure(listener: (at: number) => void): void {
    this.failureListeners.push(listener);
  }

  /**
   * Publishes OrderPlaced for orders this instance has claimed and records them published.
   * Answers false when it did not (they stay for the relay). A send the breaker gave up
   * waiting for may still finish; its outcome is applied when it does, and only then is the
   * claim released, so an order is never sent twice at once.
   */
  async publish(entries: OutboxEntry[]): Promise<boolean> {
    const messages = entries.map(({ order, traceparent }) => toOrderPlacedMessage(this.topics.ORDER_PLACED, order, traceparent));
    const ids = entries.map(({ order }) => order.id);
    let sending: Promise<void> | undefined;
    try {
      await this.breaker.run(() => (sending = this.publisher.publish(messages)));
    } catch (error) {
      const failedAt = Date.now();
      for (const listener of this.failureListeners) listener(failedAt);
      this.logger.warn(
        { err: error instanceof BreakerOpenError ? undefined : error, orders: entries.length, breaker: this.breaker.state },
        'OrderPlaced not published; the relay will retry',
      );
      const straggler = sending ?? Promise.reject(error);
      straggler.then(
        () => this.published(ids),
        () => this.release(ids),
      );
      return false;
    }
    // Recorded beside the order, not in it: once the event is on Kafka the processor may be
    // writing the order, and it settles the order's outbox marker itself (settledOutboxMarker).
    this.published(ids);
    return true;
  }

  /** Whether this instance published the order within the last minute or two (the relay skips it). */
  publishedRecently(orderId: string): boolean {
    return this.recent.has(orderId);
  }

  /** Whether this instance gave the order back after a failed publish within the last minute or two. */
  releasedRecently(orderId: string): boolean {
    return this.released.has(orderId);
  }

  private published(ids: string[]): void {
    this.recent.add(ids);
    this.publications.record(ids);
  }

  private async release(ids: string[]): Promise<void> {
    try {
      await this.repository.releaseClaims(ids, this.owner);
      this.released.add(ids);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox claims could not be released; they lapse with their lease');
    }
  }
}
