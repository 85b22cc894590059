import { resolve } from 'node:path';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool, PoolClient } from 'pg';

/** Where an app's PostgreSQL database is and how the app uses it. */
export interface PgDatabaseSettings {
  /** The app: `application_name` and the migrations' lock are named after it. */
  name: string;
  url: string;
  poolSize: number;
  /** Short, so that with the database down a request is answered 503 at once. */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** drizzle-kit's SQL files, relative to the working directory. */
  migrationsDir: string;
  /** Server settings for every connection (`-c name=value`). */
  options?: string;
}

/**
 * An app's own PostgreSQL database: the pool, its Drizzle handle, and drizzle-kit's migrations
 * applied before the app serves, under an advisory lock (of two instances starting at once the
 * first applies them and the second finds nothing to do). The catalog and billing extend it.
 */
export abstract class PgDatabase<TSchema extends Record<string, unknown>> implements OnModuleInit, OnApplicationShutdown {
  protected readonly logger: Logger;
  readonly pool: Pool;
  readonly db: NodePgDatabase<TSchema>;

  protected constructor(
    private readonly settings: PgDatabaseSettings,
    schema: TSchema,
  ) {
    this.logger = new Logger(`${settings.name}Database`);
    this.pool = new Pool({
      connectionString: settings.url,
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      query_timeout: settings.statementTimeoutMs + 1000,
      idleTimeoutMillis: 30_000,
      application_name: `retail-order-platform/${settings.name}`,
      ...(settings.options ? { options: settings.options } : {}),
    });
    // A connection whose server went away emits 'error': the pool listens while a client is idle,
    // but a checked-out one (a transaction waiting on Kafka) would end the process unheard.
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle PostgreSQL connection failed; the pool replaces it'));
    this.pool.on('connect', (client) =>
      client.on('error', (error) => this.logger.warn({ err: error }, 'PostgreSQL connection failed; its query fails and the pool replaces it')),
    );
    this.db = drizzle(this.pool, { schema });
  }

  async onModuleInit(): Promise<void> {
    const lock = `${this.settings.name}-migrations`;
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
      await migrate(drizzle(client), { migrationsFolder: resolve(process.cwd(), this.settings.migrationsDir) });
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
      client.release();
    }
  }

  /** Runs `work` in one transaction on one connection of the pool. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Answers whether the server runs a statement, for readiness. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
