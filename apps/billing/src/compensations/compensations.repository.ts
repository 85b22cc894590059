import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { RefundCause } from '@app/contracts';
import { BillingDatabase } from '../database/billing-database';
import type { COMPENSATION_KINDS } from '../database/schema';

export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export interface NewCompensation {
  orderId: string;
  kind: CompensationKind;
  cause: RefundCause;
  amountMinor: number;
  providerId?: string | null;
  productId?: string;
  /** Its first attempt no sooner than this (a VOID_CHARGE waits until a lost charge can no longer land). */
  notBeforeMs?: number;
}

/** A compensation as the job and the API read it. */
export interface CompensationRecord {
  id: string;
  order_id: string;
  kind: CompensationKind;
  cause: RefundCause;
  amount_minor: string;
  provider_id: string | null;
  product_id: string | null;
  status: 'PENDING' | 'DONE';
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  outcome: string | null;
  created_at: Date;
  done_at: Date | null;
}

/**
 * Writes an undo operation into the log, inside the caller's transaction (with the state change
 * that calls for it): durable before anything is asked of the provider. Once per order and kind.
 */
export async function insertCompensation(client: PoolClient, compensation: NewCompensation): Promise<void> {
  await client.query(
    `INSERT INTO compensations (id, order_id, kind, cause, amount_minor, provider_id, product_id, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + $8 * interval '1 millisecond')
     ON CONFLICT (order_id, kind) DO NOTHING`,
    [randomUUID(), compensation.orderId, compensation.kind, compensation.cause, compensation.amountMinor, compensation.providerId ?? null, compensation.productId ?? null, compensation.notBeforeMs ?? 0],
  );
}

/** The compensation log as the job works it off and administrators read it. */
@Injectable()
export class CompensationsRepository {
  constructor(private readonly database: BillingDatabase) {}

  /** Leases up to `limit` due compensations to this instance for `leaseMs`. */
  async claimDue(limit: number, leaseMs: number): Promise<CompensationRecord[]> {
    const { rows } = await this.database.pool.query<CompensationRecord>(
      `UPDATE compensations SET lease_until = now() + $2 * interval '1 millisecond'
       WHERE id IN (SELECT id FROM compensations WHERE status = 'PENDING' AND next_attempt_at <= now()
                    AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseMs],
    );
    return rows;
  }

  async failed(id: string, error: string, retryInMs: number): Promise<void> {
    await this.database.pool.query(
      `UPDATE compensations SET attempts = attempts + 1, last_error = $2, lease_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND status = 'PENDING'`,
      [id, error.slice(0, 500), retryInMs],
    );
  }

  /** Marks it done inside `client`'s transaction; answers false when it was done already. */
  async done(client: PoolClient, id: string, outcome: string): Promise<boolean> {
    const result = await client.query(
      `UPDATE compensations SET status = 'DONE', attempts = attempts + 1, outcome = $2, done_at = now(), lease_until = NULL WHERE id = $1 AND status = 'PENDING'`,
      [id, outcome.slice(0, 500)],
    );
    return result.rowCount === 1;
  }

  /** Pending ones first, then the newest done. */
  async list(limit: number, status?: 'PENDING' | 'DONE'): Promise<CompensationRecord[]> {
    const { rows } = await this.database.pool.query<CompensationRecord>(
      `SELECT * FROM compensations WHERE ($2::text IS NULL OR status = $2) ORDER BY (status = 'PENDING') DESC, created_at DESC LIMIT $1`,
      [limit, status ?? null],
    );
    return rows;
  }

  /** How many wait, and since when: the metrics. */
  async pendingSummary(): Promise<{ pending: number; oldest: Date | null }> {
    const { rows } = await this.database.pool.query<{ pending: number; oldest: Date | null }>(
      `SELECT count(*)::int AS pending, min(created_at) AS oldest FROM compensations WHERE status = 'PENDING'`,
    );
    return rows[0];
  }
}
