import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Backoff } from '@app/common';
import type { PublishBreaker } from './publish-breaker';

/** Pruning reads a whole collection on FerretDB: hourly is plenty for a retention of days. */
export const PRUNE_EVERY_MS = 3_600_000;

export interface PollingRelaySettings {
  /** Between passes while they succeed, and the first step of the back-off. */
  intervalMs: number;
  /** The longest wait between failing passes. */
  maxBackoffMs: number;
  /** Done records older than this are pruned. */
  retentionMs: number;
  /** Until the first pass (0: at once). */
  firstPassAfterMs: number;
}

/**
 * The polling loop every outbox relay and background job of the platform runs on (as vendure's
 * PollingJobQueueStrategy is for its queues): one pass at a time on a timer, the platform's
 * Backoff while passes fail, a pass at once when the publish breaker closes or work arrives
 * (wake), the backlog logged when it changes, done records pruned at most hourly. A subclass
 * says what a pass does with its store: `work`, `countBacklog`, `prune`.
 */
export abstract class PollingRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private readonly backoff: Backoff;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Work arrived during a pass: the next starts at once. */
  private again = false;
  /** The breaker changed during a pass: the next starts within this, however long the back-off. */
  private nextWithinMs?: number;
  private backlog?: number;
  private nextPruneAt = 0;
  private untrack?: () => void;

  protected constructor(
    name: string,
    private readonly settings: PollingRelaySettings,
    private readonly wakeWhenClosed?: PublishBreaker,
  ) {
    this.logger = new Logger(name);
    this.backoff = new Backoff({ initialMs: settings.intervalMs, maxMs: settings.maxBackoffMs });
  }

  /**
   * One pass: throws when it failed, and the next waits out the back-off. Answers false when it
   * had nothing due and looked at nothing; the backlog is then not counted either.
   */
  protected abstract work(): Promise<boolean>;

  /** What waits now (logged when it changes). */
  protected abstract countBacklog(): Promise<number>;

  /** Deletes what was done before `before`; answers how many. */
  protected abstract prune(before: Date): Promise<number>;

  /** How the log says `count` waiting items. */
  protected abstract describeBacklog(count: number): string;

  /** Registers the relay's metrics; answers how to unregister them. */
  protected trackMetrics(): (() => void) | undefined {
    return undefined;
  }

  /** After each pass, whatever it failed or not: a gauge to update, say. */
  protected async afterPass(): Promise<void> {}

  /** Items waiting, as of the last pass (undefined before the first). */
  get backlogSize(): number | undefined {
    return this.backlog;
  }

  /** The app is stopping: a long pass ends at its next step. */
  protected get stopping(): boolean {
    return this.stopped;
  }

  /** Whether the last passes failed (the next waits longer than one interval). */
  protected get backingOff(): boolean {
    return this.backoff.delayMs > this.settings.intervalMs;
  }

  onApplicationBootstrap(): void {
    this.untrack = this.trackMetrics();
    // Kafka is back: what waited goes out at the next interval, not after the back-off has run out.
    this.wakeWhenClosed?.onClose(() => {
      this.backoff.reset();
      this.passWithin(this.settings.intervalMs);
    });
    // The breaker lets a trial through: this relay's pass is the trial. Otherwise a relay whose own
    // publishes are the only ones (billing's) sleeps out a back-off doubled by every failed trial,
    // and Kafka's return goes unnoticed for up to RELAY_MAX_BACKOFF_MS (26 s after a 20 s outage).
    this.wakeWhenClosed?.onHalfOpen(() => this.passWithin(0));
    this.schedule(this.settings.firstPassAfterMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.untrack?.();
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Work arrived (or the way out is clear again): a pass now rather than at the next interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.backingOff) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /**
   * The next pass within `delayMs`. A pass running now schedules the next itself, so it is told:
   * a half-open that came while a failed pass counted its backlog was lost, and the orders
   * relay slept out a back-off of 30 s after Kafka's return (docs/performance.md, fifth pass).
   */
  private passWithin(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.nextWithinMs = Math.min(this.nextWithinMs ?? delayMs, delayMs);
      return;
    }
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        const delayMs = this.again ? 0 : Math.min(this.backoff.delayMs, this.nextWithinMs ?? Infinity);
        this.again = false;
        this.nextWithinMs = undefined;
        this.schedule(delayMs);
      });
    }, delayMs);
  }

  private async pass(): Promise<void> {
    try {
      const looked = await this.work();
      this.backoff.reset();
      if (!looked) return;
    } catch (error) {
      const retryInMs = this.backoff.failed();
      this.logger.warn({ err: error, retryInMs }, 'pass failed; backing off');
    }
    try {
      const backlog = await this.countBacklog();
      if (backlog > 0 && backlog !== this.backlog) this.logger.warn({ backlog }, this.describeBacklog(backlog));
      this.backlog = backlog;
      await this.afterPass();
    } catch {
      // The store is down; the readiness check says so.
    }
    await this.pruneWhenDue();
  }

  /** At most once per PRUNE_EVERY_MS: what was done longer ago than the retention. */
  private async pruneWhenDue(): Promise<void> {
    if (Date.now() < this.nextPruneAt) return;
    this.nextPruneAt = Date.now() + PRUNE_EVERY_MS;
    try {
      const pruned = await this.prune(new Date(Date.now() - this.settings.retentionMs));
      if (pruned > 0) this.logger.log({ pruned }, 'records past their retention deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'records past their retention could not be pruned; the next pass tries again');
      this.nextPruneAt = 0;
    }
  }
}
