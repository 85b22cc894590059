import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { PoolClient } from 'pg';
import { paymentsConfig } from '@app/config';
import { BillingDatabase } from '../database/billing-database';
import type { PaymentState } from '../database/schema';
import { insertCompensation } from '../compensations/compensations.repository';

/** What billing takes from an OrderPlaced. */
export interface PlacedPayment {
  orderId: string;
  userId: string;
  amountMinor: number;
  itemCount: number;
  paymentMethod: string;
  productIds: string[];
  placedAt: Date;
}

/** A payment row as the jobs use it (snake_case columns read as they are). */
export interface PaymentRecord {
  order_id: string;
  user_id: string;
  amount_minor: string;
  item_count: number;
  currency: string;
  payment_method: string;
  state: PaymentState;
  placed_at: Date;
  /** Set when the charge job first takes it up. */
  due_since: Date;
  attempts: number;
  provider_id: string | null;
  refunded_minor: string;
  product_ids: string[];
}

/**
 * The order side of billing's state: what the consumed events say about each order's payment.
 * Each write is one statement (or one transaction) keyed by order, so a redelivered event
 * changes nothing: OrderPlaced fills a row once, the catalog's answer once, a cancel once.
 */
@Injectable()
export class PaymentsRepository {
  constructor(
    private readonly database: BillingDatabase,
    @Inject(paymentsConfig.KEY) private readonly payments: ConfigType<typeof paymentsConfig>,
  ) {}

  /** Answers the row's state after the write, or undefined when the order was known already. */
  async recordPlaced(order: PlacedPayment): Promise<PaymentState | undefined> {
    const needsStock = order.productIds.length > 0;
    const { rows } = await this.database.pool.query<{ state: PaymentState }>(
      `INSERT INTO payments (order_id, user_id, amount_minor, item_count, currency, payment_method, product_ids, needs_stock, state, placed_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN 'AWAITING' ELSE 'DUE' END, $9, now())
       ON CONFLICT (order_id) DO UPDATE SET
         amount_minor = EXCLUDED.amount_minor, item_count = EXCLUDED.item_count, payment_method = EXCLUDED.payment_method,
         product_ids = EXCLUDED.product_ids, needs_stock = EXCLUDED.needs_stock, placed_at = EXCLUDED.placed_at,
         next_attempt_at = now(), updated_at = now(),
         state = CASE
           WHEN payments.state <> 'AWAITING' THEN payments.state
           WHEN NOT EXCLUDED.needs_stock OR payments.stock = 'RESERVED' THEN 'DUE'
           WHEN payments.stock = 'REJECTED' THEN 'NOT_CHARGED'
           ELSE 'AWAITING' END
       WHERE payments.amount_minor IS NULL
       RETURNING state`,
      [order.orderId, order.userId, order.amountMinor, order.itemCount, this.payments.currency, order.paymentMethod, order.productIds, needsStock, order.placedAt],
    );
    return rows[0]?.state;
  }

  /** The catalog's answer; answers the row's state after the write, or undefined when it was known already. */
  async recordStock(orderId: string, userId: string, outcome: 'RESERVED' | 'REJECTED'): Promise<PaymentState | undefined> {
    const { rows } = await this.database.pool.query<{ state: PaymentState }>(
      `INSERT INTO payments (order_id, user_id, currency, state, stock) VALUES ($1, $2, $3, 'AWAITING', $4)
       ON CONFLICT (order_id) DO UPDATE SET stock = EXCLUDED.stock, next_attempt_at = now(), updated_at = now(),
         state = CASE WHEN payments.state = 'AWAITING' AND payments.amount_minor IS NOT NULL
                      THEN (CASE WHEN EXCLUDED.stock = 'RESERVED' THEN 'DUE' ELSE 'NOT_CHARGED' END)
                      ELSE payments.state END
       WHERE payments.stock = 'WAITING'
       RETURNING state`,
      [orderId, userId, this.payments.currency, outcome],
    );
    return rows[0]?.state;
  }

  /**
   * The order was cancelled: nothing is charged from now on, and what was taken goes back
   * through a compensation. Answers whether one was written (the compensation job is woken).
   */
  recordCancelled(orderId: string, userId: string, settleAfterMs: number): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO payments (order_id, user_id, currency, state) VALUES ($1, $2, $3, 'CANCELLED') ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [orderId, userId, this.payments.currency],
      );
      if (inserted.rowCount === 1) return false;
      const { rows } = await client.query<PaymentRecord & { lease_until: Date | null }>('SELECT * FROM payments WHERE order_id = $1 FOR UPDATE', [orderId]);
      const payment = rows[0];
      if (payment.state === 'CAPTURED') {
        await client.query(`UPDATE payments SET state = 'REFUNDING', updated_at = now() WHERE order_id = $1`, [orderId]);
        await insertCompensation(client, { orderId, kind: 'REFUND', cause: 'CANCELLED', amountMinor: Number(payment.amount_minor), providerId: payment.provider_id });
        return true;
      }
      if (!['AWAITING', 'DUE', 'NOT_CHARGED'].includes(payment.state)) return false;
      await client.query(`UPDATE payments SET state = 'CANCELLED', updated_at = now() WHERE order_id = $1`, [orderId]);
      // A charge in flight settles itself (it finds the order cancelled and refunds); an earlier
      // attempt whose outcome is unknown is undone once it can no longer land.
      const inFlight = payment.lease_until !== null && payment.lease_until > new Date();
      if (payment.attempts === 0 || inFlight) return false;
      await insertCompensation(client, { orderId, kind: 'VOID_CHARGE', cause: 'CANCELLED', amountMinor: Number(payment.amount_minor ?? 0), notBeforeMs: settleAfterMs });
      return true;
    });
  }

  /**
   * A product was withdrawn at `at`: it is remembered (an order paid later is refunded on capture,
   * ChargeOutcomesRepository.captured), and every order paid for it since `since` gets a refund.
   * Under WITHDRAWALS_LOCK, which each capture holds shared, so a capture and a withdrawal never
   * miss each other. Answers how many refunds were written.
   */
  refundWithdrawn(productId: string, at: Date, since: Date): Promise<number> {
    return this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [WITHDRAWALS_LOCK]);
      await client.query('INSERT INTO withdrawn_products (product_id, withdrawn_at) VALUES ($1, $2) ON CONFLICT (product_id) DO NOTHING', [productId, at]);
      const { rows } = await client.query<PaymentRecord>(
        `UPDATE payments SET state = 'REFUNDING', updated_at = now()
         WHERE state = 'CAPTURED' AND product_ids @> ARRAY[$1]::text[] AND captured_at >= $2 RETURNING *`,
        [productId, since],
      );
      for (const payment of rows) await refundForWithdrawal(client, payment, productId);
      return rows.length;
    });
  }
}

/** Withdrawals take it exclusively, captures shared: a capture sees every withdrawal committed before it. */
export const WITHDRAWALS_LOCK = 'billing-withdrawals';

/** The compensation that gives a paid order's money back because `productId` was withdrawn. */
export function refundForWithdrawal(client: PoolClient, payment: PaymentRecord, productId: string): Promise<void> {
  return insertCompensation(client, {
    orderId: payment.order_id,
    kind: 'REFUND',
    cause: 'PRODUCT_WITHDRAWN',
    amountMinor: Number(payment.amount_minor) - Number(payment.refunded_minor),
    providerId: payment.provider_id,
    productId,
  });
}
