import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CatalogDatabase } from './catalog-database';
import { CatalogStoreBreaker } from './catalog-store-breaker';
import { PostgresReadinessCheck } from './postgres-readiness.check';

/** PostgreSQL for the catalog: the pool (migrated at start), its breaker, its readiness check. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [CatalogDatabase, CatalogStoreBreaker, PostgresReadinessCheck],
  exports: [CatalogDatabase, CatalogStoreBreaker, PostgresReadinessCheck],
})
export class CatalogDatabaseModule {}
