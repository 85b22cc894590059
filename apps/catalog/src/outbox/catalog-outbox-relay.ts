import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { asc, inArray, isNull, lt, sql } from 'drizzle-orm';
import { EventHeader, Topic } from '@app/contracts';
import { OutboxBacklog, trackOutbox, TRACEPARENT_HEADER } from '@app/observability';
import { EventPublisher, PollingRelay, PublishBreaker, TopicAdmin, TOPICS } from '@app/messaging';
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

/** One relay of all catalog instances publishes at a time, so the topic gets the outbox's order. */
const RELAY_LOCK = 'catalog-outbox-relay';

/**
 * Publishes the outbox's unsent events (to `catalog.products` and `catalog.stock`) in position order and marks them
 * sent, inside one transaction that holds an advisory lock. A product's changes lock its row, so
 * its events enter the outbox in version order and leave it in the same order. Kafka down: the
 * rows wait, the relay backs off, and they go out in order when it is back.
 */
@Injectable()
export class CatalogOutboxRelay extends PollingRelay {
  private topicsReady = false;

  constructor(
    private readonly database: CatalogDatabase,
    private readonly publisher: EventPublisher,
    private readonly breaker: PublishBreaker,
    private readonly topicAdmin: TopicAdmin,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(catalogConfig.KEY) private readonly config: ConfigType<typeof catalogConfig>,
  ) {
    super(
      CatalogOutboxRelay.name,
      { intervalMs: config.relayIntervalMs, maxBackoffMs: config.relayMaxBackoffMs, retentionMs: config.outboxRetentionMs, firstPassAfterMs: 0 },
      breaker,
    );
  }

  protected override trackMetrics(): () => void {
    return trackOutbox('catalog', () => this.readBacklog());
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

  protected async work(): Promise<boolean> {
    let sent: number;
    do {
      sent = await this.runOnce();
    } while (sent === this.config.relayBatchSize && !this.stopping);
    return true;
  }

  protected async countBacklog(): Promise<number> {
    return (await this.readBacklog()).unpublished;
  }

  protected describeBacklog(count: number): string {
    return `${count} catalog events wait to be published`;
  }

  protected prune(before: Date): Promise<number> {
    return this.pruneSent(before);
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
