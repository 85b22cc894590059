import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { asc, inArray, isNull, lt, sql } from 'drizzle-orm';
import { EventHeader, Topic } from '@app/contracts';
import { OutboxBacklog, trackOutbox, TRACEPARENT_HEADER } from '@app/observability';
import { EventPublisher, PublishBreaker, TopicAdmin, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import { catalogConfig } from '../catalog.config';
import { CatalogDatabase } from '../database/catalog-database';
import { catalogOutbox } from '../database/schema';

const TOPIC_KEYS = new Map(Object.entries(Topic).map(([key, name]) => [name as string, key as keyof typeof Topic]));

/** The stored topic name (unprefixed) as the key of the app's resolved topics. */
function topicKeyOf(topic: string): keyof typeof Topic {
  const key = TOPIC_KEYS.get(topic);
  if (!key) throw new Error(`catalog outbox row for unknown topic ${topic}`);
  return key;
}

/** Pruning sent rows: hourly is plenty for a retention of days. */
const PRUNE_EVERY_MS = 3_600_000;

/** One relay of all catalog instances publishes at a time, so the topic gets the outbox's order. */
const RELAY_LOCK = 'catalog-outbox-relay';

/**
 * Publishes the outbox's unsent events (to `catalog.products` and `catalog.stock`) in position order and marks them
 * sent, inside one transaction that holds an advisory lock. A product's changes lock its row, so
 * its events enter the outbox in version order and leave it in the same order. Kafka down: the
 * rows wait, the relay backs off, and they go out in order when it is back.
 */
@Injectable()
export class CatalogOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogOutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;
  private delayMs: number;
  private topicsReady = false;
  private backlog?: number;
  private untrack?: () => void;
  private nextPruneAt = 0;

  constructor(
    private readonly database: CatalogDatabase,
    private readonly publisher: EventPublisher,
    private readonly breaker: PublishBreaker,
    private readonly topicAdmin: TopicAdmin,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(catalogConfig.KEY) private readonly config: ConfigType<typeof catalogConfig>,
  ) {
    this.delayMs = config.relayIntervalMs;
  }

  /** Events waiting to be published, as of the last pass (undefined before the first). */
  get backlogSize(): number | undefined {
    return this.backlog;
  }

  onApplicationBootstrap(): void {
    this.untrack = trackOutbox('catalog', () => this.readBacklog());
    // Kafka is back: what waited goes out now, not after the back-off has run out.
    this.breaker.onClose(() => {
      this.delayMs = this.config.relayIntervalMs;
      this.wake();
    });
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.untrack?.();
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** A write committed an event: publish it now rather than at the next interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.delayMs > this.config.relayIntervalMs) return; // backing off: Kafka is away
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Publishes up to one batch; answers how many events went out. */
  async runOnce(): Promise<number> {
    if (this.breaker.isOpen) return 0;
    if (!this.topicsReady) {
      await this.topicAdmin.ensureTopics();
      this.topicsReady = true;
    }
    return this.database.db.transaction(async (tx) => {
      const [lock] = (await tx.execute<{ locked: boolean }>(sql`SELECT pg_try_advisory_xact_lock(hashtext(${RELAY_LOCK})) AS locked`)).rows;
      if (!lock?.locked) return 0;
      const rows = await tx
        .select()
        .from(catalogOutbox)
        .where(isNull(catalogOutbox.sentAt))
        .orderBy(asc(catalogOutbox.position))
        .limit(this.config.relayBatchSize);
      if (rows.length === 0) return 0;
      const messages = rows.map((row) => ({
        topic: this.topics[topicKeyOf(row.topic)],
        key: row.messageKey,
        value: row.payload as object,
        headers: {
          [EventHeader.EVENT_TYPE]: row.eventType,
          [EventHeader.SCHEMA_VERSION]: String((row.payload as { schemaVersion?: number }).schemaVersion ?? 1),
          ...(row.traceparent ? { [TRACEPARENT_HEADER]: row.traceparent } : {}),
        },
      }));
      let sending: Promise<void> | undefined;
      try {
        await this.breaker.run(() => (sending = this.publisher.publish(messages)));
      } catch (error) {
        // The breaker stopped waiting, but the send may still land: its own outcome (bounded by
        // the producer's retries) decides, so a batch that did go out is not sent again.
        if (!sending) throw error;
        await sending;
      }
      // By position, not a range: a row of a transaction that commits later may sit between them.
      await tx.update(catalogOutbox).set({ sentAt: new Date() }).where(inArray(catalogOutbox.position, rows.map((row) => row.position)));
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        const now = this.again;
        this.again = false;
        this.schedule(now ? 0 : this.delayMs);
      });
    }, delayMs);
  }

  private async pass(): Promise<void> {
    try {
      let sent: number;
      do {
        sent = await this.runOnce();
      } while (sent === this.config.relayBatchSize && !this.stopped);
      this.delayMs = this.config.relayIntervalMs;
    } catch (error) {
      this.delayMs = Math.min(this.delayMs * 2, this.config.relayMaxBackoffMs);
      this.logger.warn({ err: error, retryInMs: this.delayMs }, 'catalog outbox pass failed; backing off');
    }
    try {
      const { unpublished: unsent } = await this.readBacklog();
      if (unsent > 0 && unsent !== this.backlog) this.logger.warn({ backlog: unsent }, `${unsent} catalog events wait to be published`);
      this.backlog = unsent;
    } catch {
      // PostgreSQL is down; the readiness check says so.
    }
    await this.pruneWhenDue();
  }

  /** Sent rows past OUTBOX_RETENTION_MS go, at most hourly (the table would grow one row per change for ever). */
  private async pruneWhenDue(): Promise<void> {
    if (Date.now() < this.nextPruneAt) return;
    this.nextPruneAt = Date.now() + PRUNE_EVERY_MS;
    try {
      const pruned = await this.pruneSent(new Date(Date.now() - this.config.outboxRetentionMs));
      if (pruned > 0) this.logger.log({ pruned }, 'sent catalog outbox rows past their retention deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'sent catalog outbox rows could not be pruned; the next pass tries again');
      this.nextPruneAt = 0;
    }
  }

  /** Deletes the rows sent before `before`; answers how many. */
  async pruneSent(before: Date): Promise<number> {
    const deleted = await this.database.db.delete(catalogOutbox).where(lt(catalogOutbox.sentAt, before)).returning({ position: catalogOutbox.position });
    return deleted.length;
  }

  private async readBacklog(): Promise<OutboxBacklog> {
    const [row] = await this.database.db
      .select({ unsent: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${catalogOutbox.createdAt})` })
      .from(catalogOutbox)
      .where(isNull(catalogOutbox.sentAt));
    return { unpublished: row.unsent, ...(row.oldest ? { oldestStoredAt: new Date(row.oldest) } : {}) };
  }
}
