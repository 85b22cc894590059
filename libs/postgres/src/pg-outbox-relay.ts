import type { PoolClient } from 'pg';
import { EventHeader, Topic } from '@app/contracts';
import { OutboxBacklog, trackOutbox, TRACEPARENT_HEADER } from '@app/observability';
import { EventPublisher, PollingRelay, PollingRelaySettings, PublishBreaker, TopicAdmin } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import type { PgDatabase } from './pg-database';

const TOPIC_KEYS = new Map(Object.entries(Topic).map(([key, name]) => [name as string, key as keyof typeof Topic]));

/** Where an app's outbox lives and how it is named in logs, locks and metrics. */
export interface PgOutboxSettings extends PollingRelaySettings {
  /** The table (see outbox-table.ts for its columns): `catalog_outbox`, `billing_outbox`. */
  table: string;
  /** The outbox metric's label: `catalog`, `billing`. */
  name: string;
  batchSize: number;
}

export interface PgOutboxDependencies {
  database: PgDatabase<Record<string, unknown>>;
  publisher: EventPublisher;
  breaker: PublishBreaker;
  topicAdmin: TopicAdmin;
  topics: ResolvedTopics;
}

interface OutboxRow {
  position: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: { schemaVersion?: number };
  traceparent: string | null;
}

/**
 * Publishes a PostgreSQL outbox's unsent events in position order and marks them sent, inside one
 * transaction that holds an advisory lock: of several instances one relay publishes at a time,
 * so a topic gets the outbox's order. Kafka down: the rows wait, the relay backs off, and they go
 * out in order when it is back. The app writes its events into the table in the transaction of
 * the change they announce.
 */
export abstract class PgOutboxRelay extends PollingRelay {
  private topicsReady = false;
  private readonly table: string;

  protected constructor(
    relayName: string,
    private readonly outbox: PgOutboxSettings,
    private readonly deps: PgOutboxDependencies,
  ) {
    super(relayName, outbox, deps.breaker);
    if (!/^[a-z_]+$/.test(outbox.table)) throw new Error(`bad outbox table name ${outbox.table}`);
    this.table = outbox.table;
  }

  protected override trackMetrics(): () => void {
    return trackOutbox(this.outbox.name, () => this.readBacklog());
  }

  /** Publishes up to one batch; answers how many events went out. */
  async runOnce(): Promise<number> {
    if (this.deps.breaker.isOpen) return 0;
    if (!this.topicsReady) {
      await this.deps.topicAdmin.ensureTopics();
      this.topicsReady = true;
    }
    return this.deps.database.transaction(async (client: PoolClient) => {
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`${this.table}-relay`]);
      if (!lock.rows[0]?.locked) return 0;
      const { rows } = await client.query<OutboxRow>(
        `SELECT position, topic, message_key, event_type, payload, traceparent FROM ${this.table} WHERE sent_at IS NULL ORDER BY position LIMIT $1`,
        [this.outbox.batchSize],
      );
      if (rows.length === 0) return 0;
      const messages = rows.map((row) => ({
        topic: this.deps.topics[this.topicKeyOf(row.topic)],
        key: row.message_key,
        value: row.payload,
        headers: {
          [EventHeader.EVENT_TYPE]: row.event_type,
          [EventHeader.SCHEMA_VERSION]: String(row.payload.schemaVersion ?? 1),
          ...(row.traceparent ? { [TRACEPARENT_HEADER]: row.traceparent } : {}),
        },
      }));
      let sending: Promise<void> | undefined;
      try {
        await this.deps.breaker.run(() => (sending = this.deps.publisher.publish(messages)));
      } catch (error) {
        // The breaker stopped waiting, but the send may still land: its own outcome (bounded by
        // the producer's retries) decides, so a batch that did go out is not sent again.
        if (!sending) throw error;
        await sending;
      }
      // By position, not a range: a row of a transaction that commits later may sit between them.
      await client.query(`UPDATE ${this.table} SET sent_at = now() WHERE position = ANY($1::bigint[])`, [rows.map((row) => row.position)]);
      return rows.length;
    });
  }

  protected async work(): Promise<boolean> {
    let sent: number;
    do {
      sent = await this.runOnce();
    } while (sent === this.outbox.batchSize && !this.stopping);
    return true;
  }

  protected async countBacklog(): Promise<number> {
    return (await this.readBacklog()).unpublished;
  }

  protected prune(before: Date): Promise<number> {
    return this.pruneSent(before);
  }

  /** Deletes the rows sent before `before`; answers how many. */
  async pruneSent(before: Date): Promise<number> {
    const result = await this.deps.database.pool.query(`DELETE FROM ${this.table} WHERE sent_at < $1`, [before]);
    return result.rowCount ?? 0;
  }

  private topicKeyOf(topic: string): keyof typeof Topic {
    const key = TOPIC_KEYS.get(topic);
    if (!key) throw new Error(`${this.table} row for unknown topic ${topic}`);
    return key;
  }

  private async readBacklog(): Promise<OutboxBacklog> {
    const { rows } = await this.deps.database.pool.query<{ unsent: number; oldest: Date | null }>(
      `SELECT count(*)::int AS unsent, min(created_at) AS oldest FROM ${this.table} WHERE sent_at IS NULL`,
    );
    const [row] = rows;
    return { unpublished: row.unsent, ...(row.oldest ? { oldestStoredAt: new Date(row.oldest) } : {}) };
  }
}
