import { IsBoolean, IsString, Matches } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvBool, EnvString } from './env-transforms';

class PaymentsEnv {
  /**
   * true: every order is paid (apps/billing) before it is PROCESSED. false: orders are PROCESSED
   * without payment and carry `payment: null` (a shop that takes money elsewhere). orders and
   * order-processor must agree.
   */
  @EnvBool() @IsBoolean() PAYMENTS_ENABLED = true;

  /** ISO 4217, lower case as Stripe writes it: the currency of every order's money. */
  @EnvString()
  @IsString()
  @Matches(/^[a-z]{3}$/, { message: 'PAYMENT_CURRENCY must be a three-letter ISO 4217 code in lower case (eur, usd)' })
  PAYMENT_CURRENCY = 'eur';

  /** The payment method of an order that names none (Stripe's test card locally). */
  @EnvString()
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,100}$/, { message: 'PAYMENT_DEFAULT_METHOD must be a payment method id (pm_…)' })
  PAYMENT_DEFAULT_METHOD = 'pm_card_visa';
}

/** Whether orders are paid, in what currency, and with which method when the buyer names none. */
export const paymentsConfig = defineConfig('payments', PaymentsEnv, (env) => ({
  enabled: env.PAYMENTS_ENABLED,
  currency: env.PAYMENT_CURRENCY,
  defaultMethod: env.PAYMENT_DEFAULT_METHOD,
}));
