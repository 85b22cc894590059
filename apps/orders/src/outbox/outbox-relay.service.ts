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
/** How often passes that follow each other count the backlog and the overdue orders. */
export const BACKLOG_COUNT_EVERY_MS = 2000;

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
  /** When a publish of this instance last failed (ms since the epoch): the relay then sweeps. */
  private lastPublishFailureAt = 0;
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
    outbox.onPublishFailure((at) => (this.lastPublishFailureAt = at));
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
    const limit = this.config.relayBatchSize * PAGES_PER_READ;
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
    const announcedAt = await this.repository.publicationsAmong(unknown.map(({ order }) => order.id));
    // Published long ago and still PLACED: its OrderPlaced expired or was lost on the way, and
    // nothing else would ever move it. Announced again; the consumers are idempotent.
    const overdueBefore = Date.now() - this.config.relayReannounceAfterMs;
    const isOverdue = (orderId: string) => (announcedAt.get(orderId)?.getTime() ?? Infinity) < overdueBefore;
    const candidates = unknown.filter(({ order }) => !announcedAt.has(order.id) || isOverdue(order.id));
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

  protected async work(): Promise<boolean> {
    if (!this.sweepDue()) return false;
    this.nextSweepAt = Date.now() + this.config.relaySweepIntervalMs;
    this.foundWork = false;
    try {
      let examined: number;
      do {
        examined = await this.runOnce();
      } while (examined === this.config.relayBatchSize * PAGES_PER_READ && !this.stopping);
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
   * FerretDB runs over every unsettled order: counted after every pass, the two took 29 % of its
   * CPU while a broker outage's backlog went out (docs/performance.md).
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
