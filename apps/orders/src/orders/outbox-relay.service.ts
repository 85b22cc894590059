import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ordersConfig } from '../orders.config';
import { OrderBreakers } from './order-breakers';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';

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

  constructor(
    private readonly orders: OrdersRepository,
    private readonly service: OrdersService,
    private readonly breakers: OrderBreakers,
    @Inject(ordersConfig.KEY) private readonly config: ConfigType<typeof ordersConfig>,
  ) {
    this.delayMs = config.relayIntervalMs;
  }

  /** Orders waiting to be published, as of the last pass (undefined before the first). */
  get backlogSize(): number | undefined {
    return this.backlog;
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: claim, publish, mark. Returns how many orders it published. */
  async runOnce(): Promise<number> {
    if (this.breakers.publish.isOpen) return 0;
    const olderThan = new Date(Date.now() - this.config.relayGraceMs);
    const claimed = await this.orders.claimUnpublished(
      olderThan,
      this.config.relayBatchSize,
      this.service.outboxOwner,
      this.config.relayLeaseMs,
    );
    if (claimed.length === 0) return 0;
    // Most claims are orders the request path published: only their marker is still unset.
    const alreadyPublished = await this.orders.publishedAmong(claimed.map((order) => order._id));
    const settled = claimed.filter((order) => alreadyPublished.has(order._id.toHexString()));
    const pending = claimed.filter((order) => !alreadyPublished.has(order._id.toHexString()));
    await this.orders.markPublished(
      settled.map((order) => order._id),
      new Date(),
    );
    if (pending.length > 0) {
      if (!(await this.service.publishPlaced(pending, { markDocuments: true }))) throw new Error('publishing failed');
      this.logger.log({ published: pending.length }, 'relay published orders left unpublished');
    }
    return claimed.length;
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

  private async pass(): Promise<void> {
    try {
      let published: number;
      do {
        published = await this.runOnce();
      } while (published === this.config.relayBatchSize && !this.stopped);
      this.delayMs = this.config.relayIntervalMs;
    } catch (error) {
      this.delayMs = Math.min(this.delayMs * 2, this.config.relayMaxBackoffMs);
      this.logger.warn({ err: error, retryInMs: this.delayMs }, 'relay pass failed; backing off');
    }
    try {
      const backlog = await this.orders.countUnpublished();
      if (backlog > 0 && backlog !== this.backlog) this.logger.warn({ backlog }, `${backlog} orders wait to be published`);
      this.backlog = backlog;
    } catch {
      // The store is down; the readiness check says so.
    }
  }
}
