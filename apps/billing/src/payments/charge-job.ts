import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Backoff } from '@app/common';
import { PollingRelay } from '@app/messaging';
import { billingConfig } from '../billing.config';
import { CompensationJob } from '../compensations/compensation-job';
import { BillingOutboxRelay } from '../outbox/billing-outbox-relay';
import { PaymentProvider } from '../provider/payment-provider';
import { paymentOutcomes } from './billing.metrics';
import { ChargeOutcomesRepository } from './charge-outcomes.repository';
import type { PaymentRecord } from './payments.repository';

/**
 * Charges the due payments: up to CHARGE_CONCURRENCY provider calls at once per instance, each
 * under the order's own key. A slot is refilled as soon as its call ends: an order that comes due
 * while others are with the provider is taken up at once, not after the slowest of them (a pass
 * that waited for all its calls held a new order back by half a provider call on average). An attempt whose
 * outcome is unknown is tried again with back-off; before that, billing asks the provider what
 * it did under the order (it never guesses). PAYMENT_DEADLINE after it was first taken up (and at
 * least one attempt), the order is given up (PAYMENT_UNAVAILABLE) and whatever the provider may
 * still have done is undone.
 */
@Injectable()
export class ChargeJob extends PollingRelay {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly outcomes: ChargeOutcomesRepository,
    private readonly provider: PaymentProvider,
    private readonly compensations: CompensationJob,
    private readonly relay: BillingOutboxRelay,
    @Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>,
  ) {
    super(ChargeJob.name, { intervalMs: config.chargeIntervalMs, maxBackoffMs: config.chargeRetryMaxMs, retentionMs: Number.MAX_SAFE_INTEGER, firstPassAfterMs: 0 });
  }

  /** A lease outlives the longest attempt (a search and a charge), so two instances never charge one order at once. */
  private get leaseMs(): number {
    return 2 * this.config.provider.timeoutMs + 5000;
  }

  /** Claims as many due payments as there are free slots and starts them; each one ending wakes the next pass. */
  protected async work(): Promise<boolean> {
    const free = this.config.chargeConcurrency - this.inFlight.size;
    if (free <= 0 || this.stopping) return false;
    const claimed = await this.outcomes.claimDue(free, this.leaseMs);
    for (const payment of claimed) this.start(payment);
    return claimed.length > 0;
  }

  /** The attempts under way end before the app does (their outcomes are written, not left to their leases). */
  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private start(payment: PaymentRecord): void {
    const attempt: Promise<void> = this.attempt(payment)
      .catch((error: unknown) => this.logger.warn({ err: error, orderId: payment.order_id }, 'charge attempt failed; the order is taken up again when its lease lapses'))
      .finally(() => {
        this.inFlight.delete(attempt);
        this.relay.wake();
        this.wake();
      });
    this.inFlight.add(attempt);
  }

  private async attempt(payment: PaymentRecord): Promise<void> {
    // The deadline counts from when the charge was first taken up (a slow reservation does not eat
    // it), and the provider is always asked at least once.
    if (payment.attempts > 0 && Date.now() > new Date(payment.due_since).getTime() + this.config.paymentDeadlineMs) {
      const voided = await this.outcomes.failed(payment, 'PAYMENT_UNAVAILABLE', 'the payment provider did not charge the order before its payment deadline', undefined, this.leaseMs);
      paymentOutcomes.inc({ outcome: 'unavailable' });
      if (voided) this.compensations.wake();
      return;
    }
    if (payment.attempts > 0) {
      // An earlier attempt's outcome is unknown: what did the provider do under this order?
      let known;
      try {
        known = (await this.provider.chargesOf(payment.order_id)).find((charge) => charge.status === 'captured' || charge.status === 'declined');
      } catch (error) {
        return this.retry(payment, `could not ask the provider: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (known?.status === 'captured') return this.captured(payment, known.providerId, known.amountMinor);
      if (known?.status === 'declined') return this.declined(payment, known.declineCode ?? 'card_declined', known.message ?? 'declined');
    }
    const outcome = await this.provider.charge({
      orderId: payment.order_id,
      userId: payment.user_id,
      amountMinor: Number(payment.amount_minor),
      currency: payment.currency,
      paymentMethod: payment.payment_method,
    });
    if (outcome.kind === 'captured') return this.captured(payment, outcome.providerId, outcome.amountMinor);
    if (outcome.kind === 'declined') return this.declined(payment, outcome.declineCode, outcome.message);
    if (outcome.kind === 'refused') return this.declined(payment, outcome.code, outcome.message);
    return this.retry(payment, outcome.error);
  }

  private async captured(payment: PaymentRecord, providerId: string, amountMinor: number): Promise<void> {
    const result = await this.outcomes.captured(payment, providerId, amountMinor);
    paymentOutcomes.inc({ outcome: result });
    if (result !== 'captured') this.compensations.wake();
  }

  private async declined(payment: PaymentRecord, code: string, message: string): Promise<void> {
    await this.outcomes.failed(payment, 'PAYMENT_DECLINED', message, code, this.leaseMs);
    paymentOutcomes.inc({ outcome: 'declined' });
  }

  private async retry(payment: PaymentRecord, error: string): Promise<void> {
    const retryInMs = Backoff.delayAfter(payment.attempts, { initialMs: this.config.chargeIntervalMs, maxMs: this.config.chargeRetryMaxMs });
    this.logger.warn({ orderId: payment.order_id, attempt: payment.attempts + 1, retryInMs, error }, 'charge outcome unknown; asking again later under the same key');
    paymentOutcomes.inc({ outcome: 'unknown' });
    await this.outcomes.retryLater(payment, error, retryInMs);
  }

  protected async countBacklog(): Promise<number> {
    return 0;
  }

  protected describeBacklog(count: number): string {
    return `${count} payments wait to be charged`;
  }

  protected async prune(): Promise<number> {
    return 0;
  }
}
