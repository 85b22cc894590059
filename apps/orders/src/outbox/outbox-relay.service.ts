import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mapInSlices } from '@app/common';
import { PublishBreaker } from '@app/messaging';
import { placedOverdue, trackOutbox } from '@app/observability';
import { OrderOutbox } from './order-outbox';
import { outboxConfig } from './outbox.config';
import { OutboxEntry, OutboxRepository, UnsettledOrder } from './outbox.repository';

/** Claims sent at once while working off a backlog: well inside the store's connection pool. */
const CLAIMS_IN_FLIGHT = 10;
/** Unsettled orders a scrape of /metrics looks at to tell the unpublished ones apart. */
const METRICS_SAMPLE = 200;
/**
 * Pages (of RELAY_BATCH_SIZE) read with one query: FerretDB reads every pending order for any
 * page (it pushes only `outboxPending` down), so after an outage one read of ten pages took as
 * long as one page, and the backlog went out twice as fast.
 */
export const PAGES_PER_READ = 10;
/** Pruning reads a whole collection on FerretDB: hourly is plenty for a retention of days. */
export const PRUNE_EVERY_MS = 3_600_000;

/**
 * The durable retry of OrderPlaced: publishes orders still unpublished after a grace period.
 * It claims them with a lease (two instances never publish one order at once), publishes
 * through the same breaker as requests, and backs off while Kafka is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private delayMs: number;
  private backlog?: number;
  /** Where the next page of unsettled orders starts; undefined to start from the oldest. */
  private pageAfter?: Date;
  /** When the next full pass is due while no publish fails (0: at once, at startup). */
  private nextSweepAt = 0;
  /** When a publish of this instance last failed (ms since the epoch): the relay then sweeps. */
  private lastPublishFailureAt = 0;
  /** The last pass published something: there may be more (a backlog after an outage), so sweep on. */
  private foundWork = false;
  private untrack?: () => void;
  /** When the outbox's old records are next pruned (0: at the first sweep). */
  private nextPruneAt = 0;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly outbox: OrderOutbox,
    private readonly breaker: PublishBreaker,
    @Inject(outboxConfig.KEY) private readonly config: ConfigType<typeof outboxConfig>,
  ) {
    this.delayMs = config.relayIntervalMs;
    outbox.onPublishFailure((at) => (this.lastPublishFailureAt = at));
  }

  /** Orders waiting to be published, as of the last pass (undefined before the first). */
  get backlogSize(): number | undefined {
    return this.backlog;
  }

  onApplicationBootstrap(): void {
    this.untrack = trackOutbox('orders', () => this.repository.unpublishedBacklog(METRICS_SAMPLE));
    this.breaker.onClose(() => this.wakeUp());
    this.schedule();
  }

  /**
   * Kafka is back (the publish breaker closed): the orders accepted meanwhile go out now,
   * not after the relay's back-off (up to RELAY_MAX_BACKOFF_MS) has run out.
   */
  private wakeUp(): void {
    this.delayMs = this.config.relayIntervalMs;
    if (this.stopped || this.running || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.untrack?.();
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One step: reads the next pages of orders whose marker is unset, leaves those already
   * published (the processor settles their marker when it moves them on: it is the only
   * writer of an order once it is on Kafka), and claims and publishes the rest, a page at a
   * time. Returns how many orders it looked at.
   */
  async runOnce(): Promise<number> {
    if (this.breaker.isOpen) return 0;
    const olderThan = new Date(Date.now() - this.config.relayGraceMs);
    const limit = this.config.relayBatchSize * PAGES_PER_READ;
    const read = await this.repository.findUnsettled(olderThan, limit, this.pageAfter);
    this.pageAfter = read.length === limit ? read.at(-1)?.order.createdAt : undefined;
    for (let start = 0; start < read.length && !this.stopped; start += this.config.relayBatchSize) {
      await this.publishPage(read.slice(start, start + this.config.relayBatchSize));
    }
    return read.length;
  }

  private async publishPage(page: UnsettledOrder[]): Promise<void> {
    const announcedAt = await this.repository.publicationsAmong(page.map(({ order }) => order.id));
    // Published long ago and still PLACED: its OrderPlaced expired or was lost on the way, and
    // nothing else would ever move it. Announced again; the consumers are idempotent.
    const overdueBefore = Date.now() - this.config.relayReannounceAfterMs;
    const isOverdue = (orderId: string) => (announcedAt.get(orderId)?.getTime() ?? Infinity) < overdueBefore;
    const candidates = page.filter(({ order }) => !announcedAt.has(order.id) || isOverdue(order.id));
    // Each claim is a compare-and-set of its own order, so they need not wait for each other.
    const claims = await mapInSlices(candidates, CLAIMS_IN_FLIGHT, (candidate) =>
      this.repository.claimUnsettled(candidate, this.outbox.owner, this.config.relayLeaseMs),
    );
    const claimed = claims.filter((entry): entry is OutboxEntry => entry !== null);
    if (claimed.length === 0) return;
    this.foundWork = true;
    if (!(await this.outbox.publish(claimed))) throw new Error('publishing failed');
    const reannounced = claimed.map(({ order }) => order.id).filter(isOverdue);
    if (reannounced.length > 0) {
      await this.repository.recordReannounced(reannounced, new Date());
      this.logger.warn({ orders: reannounced }, `${reannounced.length} orders published long ago were still PLACED: announced again`);
    }
    if (claimed.length > reannounced.length) this.logger.log({ published: claimed.length - reannounced.length }, 'relay published orders left unpublished');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.delayMs);
  }

  /**
   * A pass reads every unsettled order, which on FerretDB means scanning the collection, so it
   * runs every interval only while it can find work: after a publish of this instance failed
   * (until grace and lease have passed, when the last claim has lapsed), while paging, and while
   * the last pass published anything (a backlog the outage left: without it, what the first pass
   * after Kafka's return did not reach waited for the next sweep, 30 s later); otherwise every
   * RELAY_SWEEP_INTERVAL_MS, for orders of an instance that died mid-request.
   */
  private sweepDue(): boolean {
    const now = Date.now();
    const failuresMayWait = now - this.lastPublishFailureAt <= this.config.relayGraceMs + this.config.relayLeaseMs;
    return failuresMayWait || this.foundWork || this.pageAfter !== undefined || now >= this.nextSweepAt;
  }

  private async pass(): Promise<void> {
    if (!this.sweepDue()) return;
    this.nextSweepAt = Date.now() + this.config.relaySweepIntervalMs;
    this.foundWork = false;
    try {
      let examined: number;
      do {
        examined = await this.runOnce();
      } while (examined === this.config.relayBatchSize * PAGES_PER_READ && !this.stopped);
      this.delayMs = this.config.relayIntervalMs;
    } catch (error) {
      // The failed page is still to publish: the next pass starts from the oldest again. (It went
      // on after the failed page, and an outage's first orders waited for the sweep after it.)
      this.pageAfter = undefined;
      this.delayMs = Math.min(this.delayMs * 2, this.config.relayMaxBackoffMs);
      this.logger.warn({ err: error, retryInMs: this.delayMs }, 'relay pass failed; backing off');
    }
    try {
      const backlog = await this.repository.countUnpublished();
      if (backlog > 0 && backlog !== this.backlog) this.logger.warn({ backlog }, `${backlog} orders wait to be published`);
      this.backlog = backlog;
      placedOverdue.set(await this.repository.countOverdue(new Date(Date.now() - this.config.relayReannounceAfterMs)));
    } catch {
      // The store is down; the readiness check says so.
    }
    await this.pruneWhenDue();
  }

  /** At most once per PRUNE_EVERY_MS: what the outbox kept of orders announced long ago. */
  private async pruneWhenDue(): Promise<void> {
    if (Date.now() < this.nextPruneAt) return;
    this.nextPruneAt = Date.now() + PRUNE_EVERY_MS;
    try {
      const pruned = await this.repository.prune(new Date(Date.now() - this.config.retentionMs));
      if (pruned > 0) this.logger.log({ pruned }, 'outbox records past their retention deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox records could not be pruned; the next sweep tries again');
      this.nextPruneAt = 0;
    }
  }
}
