import { defineConfig, EnvInt, EnvString, IsProductionSecret } from '@app/config';
import { IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

class BillingEnv {
  // Billing's own database (`billing`); credentials, when the server wants them, are in the URL.
  @EnvString()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'BILLING_DATABASE_URL must be a postgres:// URL that names a database' })
  @IsProductionSecret({ inUrl: true })
  BILLING_DATABASE_URL = 'postgres://postgres@127.0.0.1:55432/billing';

  @EnvInt() @IsInt() @Min(1) @Max(100) BILLING_DATABASE_POOL_SIZE = 20;
  @EnvInt() @IsInt() @Min(100) @Max(60_000) BILLING_DATABASE_CONNECT_TIMEOUT_MS = 1000;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) BILLING_DATABASE_STATEMENT_TIMEOUT_MS = 5000;
  @EnvString() @IsString() BILLING_MIGRATIONS_DIR = 'apps/billing/migrations';

  // The provider: Stripe's API. Unset host = api.stripe.com; the local stand-in sets its URL.
  // Required: from the environment only (npm start generates a test key for the stand-in).
  @EnvString()
  @IsString()
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, { message: 'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)' })
  STRIPE_SECRET_KEY = '';
  @EnvString()
  @ValidateIf((env: BillingEnv) => env.PAYMENT_PROVIDER_URL !== undefined && env.PAYMENT_PROVIDER_URL !== '')
  @Matches(/^https?:\/\/[^/]+\/?$/, { message: 'PAYMENT_PROVIDER_URL must be http(s)://host[:port], or empty for api.stripe.com' })
  PAYMENT_PROVIDER_URL?: string;
  /** One provider call's longest wait; past it the outcome is unknown and found out later. */
  @EnvInt() @IsInt() @Min(100) @Max(120_000) PAYMENT_PROVIDER_TIMEOUT_MS = 10_000;

  /** An order not charged this long after it was placed is REJECTED PAYMENT_UNAVAILABLE. */
  @EnvInt() @IsInt() @Min(1000) @Max(86_400_000) PAYMENT_DEADLINE_MS = 600_000;
  /** A paid order whose product is withdrawn within this is REFUNDED. */
  @EnvInt() @IsInt() @Min(0) @Max(31_536_000_000) REFUND_WINDOW_MS = 86_400_000;
  /** How often the compensation job retries the pending undo operations. */
  @EnvInt() @IsInt() @Min(50) @Max(3_600_000) COMPENSATION_INTERVAL_MS = 30_000;

  /** The scheduled reconciliation of the provider's records with the ledger (15 min). */
  @EnvInt() @IsInt() @Min(1000) @Max(86_400_000) RECONCILE_INTERVAL_MS = 900_000;

  @EnvInt() @IsInt() @Min(20) @Max(600_000) CHARGE_INTERVAL_MS = 500;
  @EnvInt() @IsInt() @Min(20) @Max(600_000) CHARGE_RETRY_MAX_MS = 30_000;
  /** Provider calls in flight at once per billing instance. */
  @EnvInt() @IsInt() @Min(1) @Max(1000) CHARGE_CONCURRENCY = 64;

  @EnvInt() @IsInt() @Min(20) @Max(600_000) BILLING_RELAY_INTERVAL_MS = 500;
  @EnvInt() @IsInt() @Min(1) @Max(1000) BILLING_RELAY_BATCH_SIZE = 200;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) BILLING_RELAY_MAX_BACKOFF_MS = 30_000;
  @EnvInt() @IsInt() @Min(60_000) @Max(31_536_000_000) OUTBOX_RETENTION_MS = 604_800_000;
}

/** Billing's database, its provider and the timing of its jobs. */
export const billingConfig = defineConfig('billing', BillingEnv, (env) => ({
  databaseUrl: env.BILLING_DATABASE_URL,
  poolSize: env.BILLING_DATABASE_POOL_SIZE,
  connectTimeoutMs: env.BILLING_DATABASE_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: env.BILLING_DATABASE_STATEMENT_TIMEOUT_MS,
  migrationsDir: env.BILLING_MIGRATIONS_DIR,
  provider: { secretKey: env.STRIPE_SECRET_KEY, url: env.PAYMENT_PROVIDER_URL || undefined, timeoutMs: env.PAYMENT_PROVIDER_TIMEOUT_MS },
  paymentDeadlineMs: env.PAYMENT_DEADLINE_MS,
  refundWindowMs: env.REFUND_WINDOW_MS,
  compensationIntervalMs: env.COMPENSATION_INTERVAL_MS,
  reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
  chargeIntervalMs: env.CHARGE_INTERVAL_MS,
  chargeRetryMaxMs: env.CHARGE_RETRY_MAX_MS,
  chargeConcurrency: env.CHARGE_CONCURRENCY,
  relayIntervalMs: env.BILLING_RELAY_INTERVAL_MS,
  relayBatchSize: env.BILLING_RELAY_BATCH_SIZE,
  relayMaxBackoffMs: env.BILLING_RELAY_MAX_BACKOFF_MS,
  outboxRetentionMs: env.OUTBOX_RETENTION_MS,
}));
