import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mapInSlices } from '@app/common';
import { PollingRelay, PublishBreaker } from '@app/messaging';
import { placedOverdue, trackOutbox } from '@app/observability';
import { OrderOutbox } from './order-outbox';
import { outboxConfig } from './outbox.config';
import { OutboxEntry, OutboxRepository, UnsettledOrder } from './outbox.repository';

/** Claims sent at once while working off a backlog: well inside the store's connection pool. */
const CLAIMS_IN_FLIGHT = 25;
/** Unsettled orders a scrape of /metrics looks at to tell the unpublished ones apart. */
const METRICS_SAMPLE = 200;
/**
 * Pages (of RELAY_BATCH_SIZE) read with one query: FerretDB reads every pending order for any
 * page (it pushes only `outboxPending` down), so after an outage one read of ten pages took as
 * long as one page, and the backlog went out twice as fast.
 */
export const PAGES_PER_READ = 10;
/**
 * How often passes that follow each other count the backlog and the overdue orders: a readiness
 * detail, a log line and a gauge of orders five minutes late need no finer grain than a scrape's.
 */
export const BACKLOG_COUNT_EVERY_MS = 15_000;

/**
 * The durable retry of OrderPlaced: publishes orders still unpublished after a grace period.
 * It claims them with a lease (two instances never publish one order at once), publishes
 * through the same breaker as requests, and backs off while Kafka is down (PollingRelay).
 */
@Injectable()
export class OutboxRelay extends PollingRelay {
  /** Where the next page of unsettled orders starts; undefined to start from the oldest. */
  private pageAfter?: Date;
  /** When the next full pass is due while no publish fails (0: at once, at startup). */
  private nextSweepAt = 0;
  /** When a publish of this instance last failed (ms since the epoch). */
  private lastPublishFailureAt = 0;
  /** When a sweep reaches orders whose publish failed and no sweep has reached yet (see sweptAfterFailures). */
  private failuresDueAt?: number;
  /** When the insert leases of orders whose publish failed have lapsed, for those whose claim was never released. */
  private leasesLapseAt?: number;
  /** The last pass published something: there may be more (a backlog after an outage), so sweep on. */
  private foundWork = false;
  /** The last backlog counted, and when (see countBacklog). */
  private countedBacklog?: number;
  private countedAt = 0;
  /** The overdue gauge is counted with the backlog, after the pass that counted it. */
  private countOverdueNext = false;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly outbox: OrderOutbox,
    private readonly breaker: PublishBreaker,
    @Inject(outboxConfig.KEY) private readonly config: ConfigType<typeof outboxConfig>,
  ) {
    super(
      OutboxRelay.name,
      { intervalMs: config.relayIntervalMs, maxBackoffMs: config.relayMaxBackoffMs, retentionMs: config.retentionMs, firstPassAfterMs: config.relayIntervalMs },
      breaker,
    );
    outbox.onPublishFailure((at) => {
      this.lastPublishFailureAt = at;
      this.failuresDueAt ??= at + config.relayGraceMs;
      this.leasesLapseAt = at + config.relayGraceMs + config.relayLeaseMs;
    });
  }

  protected override trackMetrics(): () => void {
    return trackOutbox('orders', () => this.repository.unpublishedBacklog(METRICS_SAMPLE));
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
    // Half-open, this pass is the breaker's trial: one page tries the way out. (A trial of every
    // pending order claimed and released them all once per reset period while Kafka was down.)
    const trial = this.breaker.state === 'half-open';
    const limit = trial ? this.config.relayBatchSize : this.config.relayBatchSize * PAGES_PER_READ;
    const read = await this.repository.findUnsettled(olderThan, limit, this.pageAfter);
    this.pageAfter = read.length === limit ? read.at(-1)?.order.createdAt : undefined;
    for (let start = 0; start < read.length && !this.stopping; start += this.config.relayBatchSize) {
      await this.publishPage(read.slice(start, start + this.config.relayBatchSize));
    }
    return read.length;
  }

  private async publishPage(page: UnsettledOrder[]): Promise<void> {
    // Published by this instance a moment ago (the processor has not settled them yet): no need to ask the store.
    const unknown = page.filter(({ order }) => !this.outbox.publishedRecently(order.id));
    if (unknown.length === 0) return;
    // Given back here after a failed publish (an outage's backlog): retaken without a lookup if no one took them since.
    const retaken = await mapInSlices(
      unknown.filter(({ order }) => this.outbox.releasedRecently(order.id)),
      CLAIMS_IN_FLIGHT,
      (candidate) => this.repository.claimReleased(candidate, this.outbox.owner, this.config.relayLeaseMs),
    );
    const retakenIds = new Set(retaken.flatMap((entry) => (entry ? [entry.order.id] : [])));
    const rest = unknown.filter(({ order }) => !retakenIds.has(order.id));
    const announcedAt = rest.length > 0 ? await this.repository.publicationsAmong(rest.map(({ order }) => order.id)) : new Map<string, Date>();
    // Published long ago and still PLACED: its OrderPlaced expired or was lost on the way, and
    // nothing else would ever move it. Announced again; the consumers are idempotent.
    const overdueBefore = Date.now() - this.config.relayReannounceAfterMs;
    const isOverdue = (orderId: string) => (announcedAt.get(orderId)?.getTime() ?? Infinity) < overdueBefore;
    const candidates = rest.filter(({ order }) => !announcedAt.has(order.id) || isOverdue(order.id));
    // Each claim is a compare-and-set of its own order, so they need not wait for each other.
    const claims = [
      ...retaken,
      ...(await mapInSlices(candidates, CLAIMS_IN_FLIGHT, (candidate) => this.repository.claimUnsettled(candidate, this.outbox.owner, this.config.relayLeaseMs))),
    ];
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

  /**
   * A pass reads every unsettled order, which on FerretDB means every pending order's document,
   * so it runs only while it can find work: while paging, while the last pass published anything
   * (a backlog the outage left), when orders whose publish failed have come of grace age and no
   * completed pass has reached them, once when their insert leases have lapsed (for claims that
   * were never released), and otherwise every RELAY_SWEEP_INTERVAL_MS, for orders of an instance
   * that died mid-request. (It used to sweep every interval for grace + lease after any failure:
   * 35 reads of the whole backlog while an outage's backlog went out, docs/performance.md.)
   */
  private sweepDue(): boolean {
    const now = Date.now();
    const failuresDue = this.failuresDueAt !== undefined && now >= this.failuresDueAt;
    const leasesDue = this.leasesLapseAt !== undefined && now >= this.leasesLapseAt;
    return failuresDue || leasesDue || this.foundWork || this.pageAfter !== undefined || now >= this.nextSweepAt;
  }

  /**
   * A sweep that began at `startedAt` and read to the end reached every order placed before
   * startedAt − grace. A failure after that is still to reach: the next sweep for it is due at
   * grace after the earlier of that failure and this sweep's start (orders placed during the sweep
   * are then of age too), so sweeps for failures come at most one grace apart, and stop once the
   * failures do.
   */
  private sweptAfterFailures(startedAt: number): void {
    const reachedBefore = startedAt - this.config.relayGraceMs;
    this.failuresDueAt = this.lastPublishFailureAt <= reachedBefore ? undefined : Math.min(this.lastPublishFailureAt, startedAt) + this.config.relayGraceMs;
    if (this.leasesLapseAt !== undefined && startedAt >= this.leasesLapseAt) this.leasesLapseAt = undefined;
  }

  protected async work(): Promise<boolean> {
    if (!this.sweepDue()) return false;
    const startedAt = Date.now();
    this.nextSweepAt = startedAt + this.config.relaySweepIntervalMs;
    this.foundWork = false;
    try {
      let examined: number;
      do {
        // The breaker open: nothing was read, and nothing is reached.
        if (this.breaker.isOpen) return true;
        examined = await this.runOnce();
      } while (examined === this.config.relayBatchSize * PAGES_PER_READ && !this.stopping);
      // Read to the end (not a trial's one page, nor stopped part-way).
      if (this.pageAfter === undefined && !this.stopping) this.sweptAfterFailures(startedAt);
      return true;
    } catch (error) {
      // The failed page is still to publish: the next pass starts from the oldest again. (It went
      // on after the failed page, and an outage's first orders waited for the sweep after it.)
      this.pageAfter = undefined;
      throw error;
    }
  }

  /**
   * The backlog for the log and readiness, and the overdue orders for their gauge: counted at most
   * once per BACKLOG_COUNT_EVERY_MS while passes follow each other. Each count is an aggregation
   * FerretDB runs over every unsettled order's document: counted after every pass, the two took
   * 29 % of its CPU while a broker outage's backlog went out; every 2 s, still three quarters of
   * the documents it read (docs/performance.md).
   */
  protected async countBacklog(): Promise<number> {
    const now = Date.now();
    if (this.countedBacklog !== undefined && now - this.countedAt < BACKLOG_COUNT_EVERY_MS) return this.countedBacklog;
    this.countedAt = now;
    this.countedBacklog = await this.repository.countUnpublished();
    this.countOverdueNext = true;
    return this.countedBacklog;
  }

  protected describeBacklog(count: number): string {
    return `${count} orders wait to be published`;
  }

  protected override async afterPass(): Promise<void> {
    if (!this.countOverdueNext) return;
    this.countOverdueNext = false;
    placedOverdue.set(await this.repository.countOverdue(new Date(Date.now() - this.config.relayReannounceAfterMs)));
  }

  /** What the outbox kept of orders announced long ago. */
  protected prune(before: Date): Promise<number> {
    return this.repository.prune(before);
  }
}
