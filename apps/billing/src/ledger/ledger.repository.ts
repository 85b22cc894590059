import { Injectable } from '@nestjs/common';
import { BillingDatabase } from '../database/billing-database';

export interface LedgerRecord {
  id: string;
  order_id: string;
  user_id: string;
  item_count: number;
  amount_minor: string;
  currency: string;
  kind: 'CHARGE' | 'REFUND';
  provider_id: string;
  at: Date;
}

@Injectable()
export class LedgerRepository {
  constructor(private readonly database: BillingDatabase) {}

  /** A user's entries (or everyone's), newest first, after the cursor (an entry id). */
  async page(userId: string | undefined, limit: number, before?: string): Promise<LedgerRecord[]> {
    const { rows } = await this.database.pool.query<LedgerRecord>(
      `SELECT * FROM ledger WHERE ($1::text IS NULL OR user_id = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [userId ?? null, before ?? null, limit],
    );
    return rows;
  }
}
