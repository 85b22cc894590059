import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@app/health';
import { CompensationJob } from './compensations/compensation-job';
import { BillingDatabase } from './database/billing-database';
import { BillingOutboxRelay } from './outbox/billing-outbox-relay';
import { PaymentProvider } from './provider/payment-provider';

const withinTwoSeconds = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('no answer within 2000 ms')), 2000).unref())]);

/** Ready means PostgreSQL runs a statement within two seconds (`postgres` in /health/ready). */
@Injectable()
export class BillingPostgresCheck implements ReadinessCheck {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly database: BillingDatabase,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('postgres');
    try {
      await withinTwoSeconds(this.database.ping());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * The provider's reachability and the backlogs, for operators (`provider` in /health/ready).
 * Always "up": with the provider away billing still takes events and queues the charges (orders
 * wait, they are not lost), so it stays in service; the detail says what is wrong.
 */
@Injectable()
export class ProviderCheck implements ReadinessCheck {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly provider: PaymentProvider,
    private readonly compensations: CompensationJob,
    private readonly relay: BillingOutboxRelay,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    let reachable: string;
    try {
      await withinTwoSeconds(this.provider.ping());
      reachable = 'yes';
    } catch (error) {
      reachable = `no: ${error instanceof Error ? error.message : String(error)}`;
    }
    return this.health.check('provider').up({
      reachable,
      pendingCompensations: this.compensations.backlogSize ?? null,
      unpublishedBacklog: this.relay.backlogSize ?? null,
    });
  }
}
