import { resolve } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool, PoolClient } from 'pg';
import { billingConfig } from '../billing.config';
import { billingSchema } from './schema';

export type BillingDb = NodePgDatabase<typeof billingSchema>;

/**
 * Billing's PostgreSQL database (`billing`, its own): the pool, its Drizzle handle, and the
 * migrations in apps/billing/migrations applied at start under an advisory lock (of two
 * instances starting at once, the second finds nothing to do).
 */
@Injectable()
export class BillingDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BillingDatabase.name);
  readonly pool: Pool;
  readonly db: BillingDb;

  constructor(@Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize,
      connectionTimeoutMillis: config.connectTimeoutMs,
      statement_timeout: config.statementTimeoutMs,
      query_timeout: config.statementTimeoutMs + 1000,
      idleTimeoutMillis: 30_000,
      application_name: 'retail-order-platform/billing',
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle PostgreSQL connection failed; the pool replaces it'));
    this.pool.on('connect', (client) =>
      client.on('error', (error) => this.logger.warn({ err: error }, 'PostgreSQL connection failed; its query fails and the pool replaces it')),
    );
    this.db = drizzle(this.pool, { schema: billingSchema });
  }

  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', ['billing-migrations']);
      await migrate(drizzle(client), { migrationsFolder: resolve(process.cwd(), this.config.migrationsDir) });
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['billing-migrations']).catch(() => undefined);
      client.release();
    }
  }

  /** Runs `work` in one transaction on one connection. */
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

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
