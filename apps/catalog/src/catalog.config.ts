import { defineConfig, EnvInt, EnvString, IsProductionSecret } from '@app/config';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

class CatalogEnv {
  // Credentials, when the server wants them, are part of the URL: postgres://user:password@host/db.
  @EnvString()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'CATALOG_DATABASE_URL must be a postgres:// URL that names a database' })
  @IsProductionSecret({ inUrl: true })
  CATALOG_DATABASE_URL = 'postgres://postgres@127.0.0.1:55432/catalog';

  @EnvInt() @IsInt() @Min(1) @Max(100) CATALOG_DATABASE_POOL_SIZE = 10;
  // Short, so that with the database down a request is answered 503 at once, not after a minute.
  @EnvInt() @IsInt() @Min(100) @Max(60_000) CATALOG_DATABASE_CONNECT_TIMEOUT_MS = 1000;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) CATALOG_DATABASE_STATEMENT_TIMEOUT_MS = 5000;
  @EnvString() @IsString() CATALOG_MIGRATIONS_DIR = 'apps/catalog/migrations';

  @EnvInt() @IsInt() @Min(20) @Max(600_000) CATALOG_RELAY_INTERVAL_MS = 500;
  @EnvInt() @IsInt() @Min(1) @Max(1000) CATALOG_RELAY_BATCH_SIZE = 200;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) CATALOG_RELAY_MAX_BACKOFF_MS = 30_000;
  // Sent outbox rows are deleted after this long (the same setting as the orders' outbox).
  @EnvInt() @IsInt() @Min(60_000) @Max(31_536_000_000) OUTBOX_RETENTION_MS = 604_800_000;
}

/** The catalog's PostgreSQL database and its outbox relay. */
export const catalogConfig = defineConfig('catalog', CatalogEnv, (env) => ({
  databaseUrl: env.CATALOG_DATABASE_URL,
  poolSize: env.CATALOG_DATABASE_POOL_SIZE,
  connectTimeoutMs: env.CATALOG_DATABASE_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: env.CATALOG_DATABASE_STATEMENT_TIMEOUT_MS,
  migrationsDir: env.CATALOG_MIGRATIONS_DIR,
  relayIntervalMs: env.CATALOG_RELAY_INTERVAL_MS,
  relayBatchSize: env.CATALOG_RELAY_BATCH_SIZE,
  relayMaxBackoffMs: env.CATALOG_RELAY_MAX_BACKOFF_MS,
  outboxRetentionMs: env.OUTBOX_RETENTION_MS,
}));
