import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { type PaymentFailure, Topic } from '@app/contracts';
import { BillingDatabase } from '../database/billing-database';
import { insertCompensation } from '../compensations/compensations.repository';
import { billingEvents, enqueue } from '../outbox/billing.event-mapper';
import { PaymentRecord, refundForWithdrawal, WITHDRAWALS_LOCK } from './payments.repository';

/** A ledger row, written once per provider operation (the unique key makes a second write a no-op). */
export async function insertLedgerEntry(
  client: PoolClient,
  payment: Pick<PaymentRecord, 'order_id' | 'user_id' | 'item_count' | 'currency'>,
  kind: 'CHARGE' | 'REFUND',
  amountMinor: number,
  providerId: string,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO ledger (order_id, user_id, item_count, amount_minor, currency, kind, provider_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kind, provider_id) DO NOTHING`,
    [payment.order_id, payment.user_id, payment.item_count ?? 0, kind === 'REFUND' ? -amountMinor : amountMinor, payment.currency, kind, providerId],
  );
  return result.rowCount === 1;
}

/**
 * The charge job's side of billing's state: due payments leased to an instance, and each
 * attempt's outcome written with its ledger row and its event in one transaction.
 */
@Injectable()
export class ChargeOutcomesRepository {
  constructor(private readonly database: BillingDatabase) {}

  /** Leases up to `limit` due payments to this instance for `leaseMs`. */
  async claimDue(limit: number, leaseMs: number): Promise<PaymentRecord[]> {
    const { rows } = await this.database.pool.query<PaymentRecord>(
      `UPDATE payments SET lease_until = now() + $2 * interval '1 millisecond', due_since = COALESCE(due_since, now())
       WHERE order_id IN (SELECT order_id FROM payments WHERE state = 'DUE' AND next_attempt_at <= now()
                          AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseMs],
    );
    return rows;
  }

  /**
   * The provider took the money. Normally DUE → CAPTURED and PaymentCaptured; when one of the
   * order's products was withdrawn meanwhile, a refund follows at once (PRODUCT_WITHDRAWN). When
   * the order was cancelled while the charge was in flight, the money is recorded and goes back
   * (CANCEL_RACED). Answers 'captured' when nothing is to be undone.
   */
  captured(payment: PaymentRecord, providerId: string, amountMinor: number): Promise<'captured' | 'withdrawn' | 'raced'> {
    const order = { orderId: payment.order_id, userId: payment.user_id };
    const event = billingEvents.captured(order, amountMinor, payment.currency, providerId, new Date());
    return this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [WITHDRAWALS_LOCK]);
      // The ledger row, the move to CAPTURED, its event and the withdrawal check in one statement
      // (one round trip, not four: a capture's round trips bounded billing's catch-up after an
      // outage). Its snapshot is taken after the lock, as the separate statements' were.
      const moved = await client.query<PaymentRecord & { withdrawn_product: string | null }>(
        `WITH ledger_entry AS (
           INSERT INTO ledger (order_id, user_id, item_count, amount_minor, currency, kind, provider_id) VALUES ($1, $2, $3, $4, $5, 'CHARGE', $6)
           ON CONFLICT (kind, provider_id) DO NOTHING
         ), moved AS (
           UPDATE payments SET state = 'CAPTURED', provider_id = $6, captured_at = now(), lease_until = NULL, last_error = NULL, updated_at = now()
           WHERE order_id = $1 AND state = 'DUE' RETURNING *
         ), announced AS (
           INSERT INTO billing_outbox (topic, message_key, event_type, payload) SELECT $7, $1, $8, $9 FROM moved
         )
         SELECT moved.*, (SELECT product_id FROM withdrawn_products WHERE product_id = ANY(moved.product_ids) LIMIT 1) AS withdrawn_product FROM moved`,
        [payment.order_id, payment.user_id, payment.item_count ?? 0, amountMinor, payment.currency, providerId, Topic.BILLING_PAYMENTS, event.type, JSON.stringify(event)],
      );
      if (moved.rowCount === 1) {
        const { withdrawn_product: withdrawn, ...captured } = moved.rows[0];
        if (withdrawn === null) return 'captured';
        await client.query(`UPDATE payments SET state = 'REFUNDING' WHERE order_id = $1`, [payment.order_id]);
        await refundForWithdrawal(client, captured, withdrawn);
        return 'withdrawn';
      }
      await client.query(`UPDATE payments SET state = 'REFUNDING', provider_id = $2, lease_until = NULL, updated_at = now() WHERE order_id = $1 AND state = 'CANCELLED'`, [
        payment.order_id,
        providerId,
      ]);
      await insertCompensation(client, { orderId: payment.order_id, kind: 'REFUND', cause: 'CANCEL_RACED', amountMinor, providerId });
      return 'raced';
    });
  }

  /** DUE → DECLINED (or UNAVAILABLE) and PaymentDeclined; a VOID_CHARGE when an earlier attempt's outcome is unknown. */
  failed(payment: PaymentRecord, reason: PaymentFailure, message: string, declineCode: string | undefined, voidAfterMs: number): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const state = reason === 'PAYMENT_DECLINED' ? 'DECLINED' : 'UNAVAILABLE';
      const moved = await client.query(
        `UPDATE payments SET state = $2, decline_code = $3, last_error = $4, lease_until = NULL, updated_at = now() WHERE order_id = $1 AND state = 'DUE'`,
        [payment.order_id, state, declineCode ?? null, message.slice(0, 500)],
      );
      if (moved.rowCount !== 1) return false;
      const order = { orderId: payment.order_id, userId: payment.user_id };
      await enqueue(client, billingEvents.declined(order, reason, payment.currency, message, new Date(), declineCode));
      if (reason === 'PAYMENT_UNAVAILABLE' && payment.attempts > 0) {
        await insertCompensation(client, { orderId: payment.order_id, kind: 'VOID_CHARGE', cause: 'PAYMENT_DEADLINE', amountMinor: Number(payment.amount_minor), notBeforeMs: voidAfterMs });
        return true;
      }
      return false;
    });
  }

  /** The outcome is unknown (or the provider erred): the same key is tried again after `retryInMs`. */
  async retryLater(payment: PaymentRecord, error: string, retryInMs: number): Promise<void> {
    await this.database.pool.query(
      `UPDATE payments SET attempts = attempts + 1, last_error = $2, lease_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
       WHERE order_id = $1 AND state = 'DUE'`,
      [payment.order_id, error.slice(0, 500), retryInMs],
    );
  }
}
