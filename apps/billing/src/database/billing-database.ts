import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PgDatabase } from '@app/postgres';
import { billingConfig } from '../billing.config';
import { billingSchema } from './schema';

/** Billing's own PostgreSQL database, `billing` (apps/billing/migrations applied at start). */
@Injectable()
export class BillingDatabase extends PgDatabase<typeof billingSchema> {
  constructor(@Inject(billingConfig.KEY) config: ConfigType<typeof billingConfig>) {
    super(
      {
        name: 'billing',
        url: config.databaseUrl,
        poolSize: config.poolSize,
        connectTimeoutMs: config.connectTimeoutMs,
        statementTimeoutMs: config.statementTimeoutMs,
        migrationsDir: config.migrationsDir,
      },
      billingSchema,
    );
  }
}
