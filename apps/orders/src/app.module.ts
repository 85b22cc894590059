import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthLibModule } from '@app/auth';
import { LoggingModule } from '@app/common';
import { AppConfigModule, breakerConfig, paymentsConfig, httpConfig, jwtVerifyConfig, kafkaConfig, loggingConfig, mongoConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { KafkaHealthIndicator, MessagingModule, PublishBreakerModule } from '@app/messaging';
import { MongoReadinessCheck, PersistenceModule, StoreBreakerModule } from '@app/persistence';
import { OrdersReadinessCheck } from './orders-readiness.check';
import { LiveStatusModule } from './live-status/live-status.module';
import { OrdersModule } from './orders/orders.module';
import { pricingConfig } from './orders/pricing.config';
import { outboxConfig } from './outbox/outbox.config';
import { OutboxModule } from './outbox/outbox.module';

export const APP_NAME = 'orders';

@Module({
  imports: [TerminusModule, OutboxModule],
  providers: [OrdersReadinessCheck],
  exports: [OrdersReadinessCheck],
})
class OrdersReadinessModule {}

@Module({
  imports: [
    AppConfigModule.forRoot([
      httpConfig('ORDERS_PORT', 3000),
      mongoConfig,
      kafkaConfig,
      loggingConfig,
      jwtVerifyConfig,
      breakerConfig,
      outboxConfig,
      pricingConfig,
      paymentsConfig,
    ]),
    LoggingModule.forRoot(APP_NAME),
    ObservabilityModule.forRoot(),
    PersistenceModule.forRoot(),
    StoreBreakerModule,
    MessagingModule.forRoot(APP_NAME),
    PublishBreakerModule,
    AuthLibModule,
    OrdersModule,
    LiveStatusModule,
    HealthModule.forRoot({ imports: [OrdersReadinessModule], readinessChecks: [MongoReadinessCheck, KafkaHealthIndicator, OrdersReadinessCheck] }),
  ],
})
export class OrdersAppModule {}
