import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthLibModule } from '@app/auth';
import { LoggingModule } from '@app/common';
import { AppConfigModule, breakerConfig, httpConfig, jwtVerifyConfig, kafkaConfig, loggingConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { MessagingModule, PublishBreakerModule } from '@app/messaging';
import { catalogConfig } from './catalog.config';
import { CatalogReadinessCheck } from './catalog-readiness.check';
import { CatalogDatabaseModule } from './database/catalog-database.module';
import { PostgresReadinessCheck } from './database/postgres-readiness.check';
import { CatalogOutboxModule } from './outbox/catalog-outbox.module';
import { ProductsModule } from './products/products.module';
import { ReservationsModule } from './reservations/reservations.module';

export const APP_NAME = 'catalog';

@Module({
  imports: [TerminusModule, CatalogOutboxModule],
  providers: [CatalogReadinessCheck],
  exports: [CatalogReadinessCheck],
})
class CatalogReadinessModule {}

@Module({
  imports: [
    AppConfigModule.forRoot([httpConfig('CATALOG_PORT', 3003), kafkaConfig, loggingConfig, jwtVerifyConfig, breakerConfig, catalogConfig]),
    LoggingModule.forRoot(APP_NAME),
    ObservabilityModule.forRoot(),
    CatalogDatabaseModule,
    MessagingModule.forRoot(APP_NAME),
    PublishBreakerModule,
    AuthLibModule,
    ProductsModule,
    ReservationsModule,
    HealthModule.forRoot({ imports: [CatalogReadinessModule], readinessChecks: [PostgresReadinessCheck, CatalogReadinessCheck] }),
  ],
})
export class CatalogAppModule {}
