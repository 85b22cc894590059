import { Module } from '@nestjs/common';
import { AuthLibModule } from '@app/auth';
import { LoggingModule } from '@app/common';
import { AppConfigModule, breakerConfig, httpConfig, jwtVerifyConfig, kafkaConfig, loggingConfig, mongoConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { KafkaHealthIndicator, MessagingModule } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';
import { ordersConfig } from './orders.config';
import { OrdersReadinessCheck } from './orders/orders-readiness.check';
import { OrdersModule } from './orders/orders.module';

export const APP_NAME = 'orders';

@Module({
  imports: [
    AppConfigModule.forRoot([
      httpConfig('ORDERS_PORT', 3000),
      mongoConfig,
      kafkaConfig,
      loggingConfig,
      jwtVerifyConfig,
      breakerConfig,
      ordersConfig,
    ]),
    LoggingModule.forRoot(APP_NAME),
    PersistenceModule.forRoot(),
    MessagingModule.forRoot(APP_NAME),
    AuthLibModule,
    OrdersModule,
    HealthModule.forRoot({ imports: [OrdersModule], readinessChecks: [KafkaHealthIndicator, OrdersReadinessCheck] }),
  ],
})
export class OrdersAppModule {}
