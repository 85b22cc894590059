import { resolve } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { sql } from 'drizzle-orm';
import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { catalogConfig } from '../catalog.config';
import { catalogSchema } from './schema';

export type CatalogDb = NodePgDatabase<typeof catalogSchema>;

/**
 * The catalog's PostgreSQL pool and its Drizzle handle. Migrations (drizzle-kit's SQL files in
 * apps/catalog/migrations) are applied before the app serves, under an advisory lock: of two
 * instances starting at once the first applies them and the second then finds nothing to do.
 */
@Injectable()
export class CatalogDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogDatabase.name);
  readonly pool: Pool;
  readonly db: CatalogDb;

  constructor(@Inject(catalogConfig.KEY) private readonly config: ConfigType<typeof catalogConfig>) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize,
      connectionTimeoutMillis: config.connectTimeoutMs,
      statement_timeout: config.statementTimeoutMs,
      query_timeout: config.statementTimeoutMs + 1000,
      idleTimeoutMillis: 30_000,
      application_name: 'retail-order-platform/catalog',
      // The searches are named prepared statements (DrizzleProductsRepository). A generic plan of
      // `name ILIKE $1` cannot know how rare the word is and walks the newest-first index: 84 ms
      // for a word no product has, where the planned-per-value query takes 0.5 ms on the trigram
      // index. So statements are parsed once per connection and planned for their values.
      options: '-c plan_cache_mode=force_custom_plan',
    });
    // A connection whose server went away emits 'error': the pool listens while a client is idle,
    // but a checked-out one (a transaction waiting on Kafka) would end the process unheard.
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle PostgreSQL connection failed; the pool replaces it'));
    this.pool.on('connect', (client) =>
      client.on('error', (error) => this.logger.warn({ err: error }, 'PostgreSQL connection failed; its query fails and the pool replaces it')),
    );
    this.db = drizzle(this.pool, { schema: catalogSchema });
  }

  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', ['catalog-migrations']);
      await migrate(drizzle(client), { migrationsFolder: resolve(process.cwd(), this.config.migrationsDir) });
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['catalog-migrations']).catch(() => undefined);
      client.release();
    }
  }

  /** Answers whether the server runs a statement, for readiness. */
  async ping(): Promise<void> {
    await this.db.execute(sql`SELECT 1`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
