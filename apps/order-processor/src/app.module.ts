import { Module } from '@nestjs/common';
import { LoggingModule } from '@app/common';
import { AppConfigModule, breakerConfig, httpConfig, kafkaConfig, loggingConfig, mongoConfig, paymentsConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { KafkaHealthIndicator, MessagingModule } from '@app/messaging';
import { MongoReadinessCheck, PersistenceModule, StoreBreakerModule } from '@app/persistence';
import { ConsumerStatus } from './processing/consumer-status';
import { ProcessingModule } from './processing/processing.module';
import { processorConfig } from './processor.config';

export const APP_NAME = 'order-processor';

@Module({
  imports: [
    AppConfigModule.forRoot([httpConfig('ORDER_PROCESSOR_PORT', 3002), mongoConfig, kafkaConfig, loggingConfig, breakerConfig, processorConfig, paymentsConfig]),
    LoggingModule.forRoot(APP_NAME),
    ObservabilityModule.forRoot(),
    PersistenceModule.forRoot(),
    StoreBreakerModule,
    MessagingModule.forRoot(APP_NAME),
    ProcessingModule,
    HealthModule.forRoot({ imports: [ProcessingModule], readinessChecks: [MongoReadinessCheck, KafkaHealthIndicator, ConsumerStatus] }),
  ],
})
export class OrderProcessorAppModule {}
