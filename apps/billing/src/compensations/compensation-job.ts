import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PollingRelay } from '@app/messaging';
import { billingConfig } from '../billing.config';
import { BillingDatabase } from '../database/billing-database';
import { BillingOutboxRelay } from '../outbox/billing-outbox-relay';
import { billingEvents, enqueue } from '../outbox/billing.event-mapper';
import { insertLedgerEntry } from '../payments/charge-outcomes.repository';
import { oldestCompensationAge, pendingCompensations } from '../payments/billing.metrics';
import type { PaymentRecord } from '../payments/payments.repository';
import { PaymentProvider, ProviderCharge } from '../provider/payment-provider';
import { CompensationRecord, CompensationsRepository } from './compensations.repository';

const BATCH = 32;

/**
 * Works off the compensation log every COMPENSATION_INTERVAL (and at once when one is written):
 * each pending undo is asked of the provider under its own key until it answers 2xx, or 404 /
 * nothing left (there is nothing to undo). A refund is recorded in the ledger and announced
 * (PaymentRefunded) in the transaction that marks it done.
 */
@Injectable()
export class CompensationJob extends PollingRelay {
  constructor(
    private readonly log: CompensationsRepository,
    private readonly database: BillingDatabase,
    private readonly provider: PaymentProvider,
    private readonly relay: BillingOutboxRelay,
    @Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>,
  ) {
    super(CompensationJob.name, {
      intervalMs: config.compensationIntervalMs,
      maxBackoffMs: config.compensationIntervalMs,
      retentionMs: Number.MAX_SAFE_INTEGER,
      firstPassAfterMs: 0,
    });
  }

  protected async work(): Promise<boolean> {
    const due = await this.log.claimDue(BATCH, 2 * this.config.provider.timeoutMs + 5000);
    await Promise.all(due.map((compensation) => this.carryOut(compensation)));
    // A refund's PaymentRefunded goes out now, not at the relay's next interval.
    if (due.length > 0) this.relay.wake();
    return due.length > 0;
  }

  private async carryOut(compensation: CompensationRecord): Promise<void> {
    try {
      if (compensation.kind === 'REFUND') await this.refund(compensation, compensation.provider_id ?? '', Number(compensation.amount_minor), `refund:${compensation.id}`);
      else await this.voidCharge(compensation);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ compensation: compensation.id, orderId: compensation.order_id, attempt: compensation.attempts + 1, error: message }, 'compensation failed; retried later');
      await this.log.failed(compensation.id, message, this.config.compensationIntervalMs);
    }
  }

  /** Refunds a captured charge; done (with its ledger row and PaymentRefunded) once the provider says so. */
  private async refund(compensation: CompensationRecord, paymentIntentId: string, amountMinor: number, key: string, alsoCharged?: ProviderCharge): Promise<void> {
    const outcome = await this.provider.refund(paymentIntentId, amountMinor, key, { order_id: compensation.order_id, compensation_id: compensation.id });
    if (outcome.kind === 'failed') throw new Error(outcome.error);
    await this.database.transaction(async (client) => {
      if (!(await this.log.done(client, compensation.id, outcome.kind === 'refunded' ? outcome.refundId : `nothing to undo: ${outcome.reason}`))) return;
      if (outcome.kind !== 'refunded') return;
      const { rows } = await client.query<PaymentRecord>(
        `UPDATE payments SET refunded_minor = refunded_minor + $2, state = CASE WHEN state IN ('REFUNDING', 'CAPTURED') THEN 'REFUNDED' ELSE state END, updated_at = now()
         WHERE order_id = $1 RETURNING *`,
        [compensation.order_id, outcome.amountMinor],
      );
      const payment = rows[0];
      // A charge billing never recorded (its answer was lost, then the order was given up) is recorded now.
      if (alsoCharged) await insertLedgerEntry(client, payment, 'CHARGE', alsoCharged.amountMinor, alsoCharged.providerId);
      await insertLedgerEntry(client, payment, 'REFUND', outcome.amountMinor, outcome.refundId);
      const event = billingEvents.refunded(
        { orderId: payment.order_id, userId: payment.user_id },
        {
          compensationId: compensation.id,
          cause: compensation.cause,
          refundedMinor: outcome.amountMinor,
          totalRefundedMinor: Number(payment.refunded_minor),
          currency: payment.currency,
          providerId: outcome.refundId,
          ...(compensation.product_id ? { productId: compensation.product_id } : {}),
        },
        new Date(),
      );
      await enqueue(client, event);
    });
  }

  /** Whatever the provider did under the order: a charge refunded, an open intent cancelled, else nothing. */
  private async voidCharge(compensation: CompensationRecord): Promise<void> {
    const charges = await this.provider.chargesOf(compensation.order_id);
    for (const charge of charges) {
      if (charge.status === 'open') await this.provider.cancel(charge.providerId, `void:${compensation.id}:${charge.providerId}`);
    }
    const captured = charges.find((charge) => charge.status === 'captured');
    if (captured) return this.refund(compensation, captured.providerId, captured.amountMinor, `void:${compensation.id}:${captured.providerId}`, captured);
    await this.database.transaction(async (client) => {
      await this.log.done(client, compensation.id, charges.length > 0 ? `canceled ${charges.map((charge) => charge.providerId).join(', ')}` : 'nothing to undo: no charge was made');
    });
  }

  protected async countBacklog(): Promise<number> {
    return (await this.log.pendingSummary()).pending;
  }

  protected override async afterPass(): Promise<void> {
    const { pending, oldest } = await this.log.pendingSummary();
    pendingCompensations.set(pending);
    oldestCompensationAge.set(oldest ? (Date.now() - new Date(oldest).getTime()) / 1000 : 0);
  }

  protected describeBacklog(count: number): string {
    return `${count} compensations wait to be carried out`;
  }

  protected async prune(): Promise<number> {
    return 0;
  }
}
