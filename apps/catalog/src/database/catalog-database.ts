import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDatabase } from '@app/postgres';
import { catalogConfig } from '../catalog.config';
import { catalogSchema } from './schema';

export type CatalogDb = NodePgDatabase<typeof catalogSchema>;

/** The catalog's PostgreSQL database (apps/catalog/migrations applied at start). */
@Injectable()
export class CatalogDatabase extends PgDatabase<typeof catalogSchema> {
  constructor(@Inject(catalogConfig.KEY) config: ConfigType<typeof catalogConfig>) {
    super(
      {
        name: 'catalog',
        url: config.databaseUrl,
        poolSize: config.poolSize,
        connectTimeoutMs: config.connectTimeoutMs,
        statementTimeoutMs: config.statementTimeoutMs,
        migrationsDir: config.migrationsDir,
        // The searches are named prepared statements (DrizzleProductsRepository). A generic plan of
        // `name ILIKE $1` cannot know how rare the word is and walks the newest-first index: 84 ms
        // for a word no product has, where the planned-per-value query takes 0.5 ms on the trigram
        // index. So statements are parsed once per connection and planned for their values.
        options: '-c plan_cache_mode=force_custom_plan',
      },
      catalogSchema,
    );
  }
}
