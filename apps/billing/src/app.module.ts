import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthLibModule } from '@app/auth';
import { LoggingModule } from '@app/common';
import { AppConfigModule, breakerConfig, httpConfig, jwtVerifyConfig, kafkaConfig, loggingConfig, paymentsConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { KafkaHealthIndicator, MessagingModule, PublishBreakerModule } from '@app/messaging';
import { ObservabilityModule } from '@app/observability';
import { billingConfig } from './billing.config';
import { BillingPostgresCheck, ProviderCheck } from './billing-readiness.check';
import { CompensationJob } from './compensations/compensation-job';
import { CompensationsRepository } from './compensations/compensations.repository';
import { BillingDatabase } from './database/billing-database';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerRepository } from './ledger/ledger.repository';
import { BillingOutboxRelay } from './outbox/billing-outbox-relay';
import { ChargeJob } from './payments/charge-job';
import { ChargeOutcomesRepository } from './payments/charge-outcomes.repository';
import { PaymentEventsConsumer } from './payments/payment-events.consumer';
import { PaymentEventsService } from './payments/payment-events.service';
import { PaymentsRepository } from './payments/payments.repository';
import { PaymentProvider } from './provider/payment-provider';
import { StripePaymentProvider } from './provider/stripe-payment-provider';
import { ReconciliationJob } from './reconciliation/reconciliation-job';
import { ReconciliationService } from './reconciliation/reconciliation.service';

export const APP_NAME = 'billing';

/** Billing's state, its jobs and its provider: one module, the capability's folder. */
@Module({
  imports: [TerminusModule],
  controllers: [PaymentEventsConsumer, LedgerController],
  providers: [
    BillingDatabase,
    { provide: PaymentProvider, useClass: StripePaymentProvider },
    PaymentsRepository,
    ChargeOutcomesRepository,
    CompensationsRepository,
    LedgerRepository,
    PaymentEventsService,
    ChargeJob,
    CompensationJob,
    BillingOutboxRelay,
    ReconciliationService,
    ReconciliationJob,
    BillingPostgresCheck,
    ProviderCheck,
  ],
  exports: [BillingPostgresCheck, ProviderCheck, BillingDatabase, PaymentProvider],
})
export class BillingModule {}

@Module({
  imports: [
    AppConfigModule.forRoot([httpConfig('BILLING_PORT', 3004), kafkaConfig, loggingConfig, jwtVerifyConfig, breakerConfig, billingConfig, paymentsConfig]),
    LoggingModule.forRoot(APP_NAME),
    ObservabilityModule.forRoot(),
    MessagingModule.forRoot(APP_NAME),
    PublishBreakerModule,
    AuthLibModule,
    BillingModule,
    HealthModule.forRoot({ imports: [BillingModule], readinessChecks: [BillingPostgresCheck, KafkaHealthIndicator, ProviderCheck] }),
  ],
})
export class BillingAppModule {}
