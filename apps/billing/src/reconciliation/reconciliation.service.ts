import { Injectable } from '@nestjs/common';
import { BillingDatabase } from '../database/billing-database';
import { PaymentProvider } from '../provider/payment-provider';
import { Mismatch, reconcile, ReconciliationInput } from './reconcile';

/** Gathers the provider's records and the ledger (and, when given, the orders) and reconciles them. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly database: BillingDatabase,
    private readonly provider: PaymentProvider,
  ) {}

  /**
   * With `orders`, only their records are compared (a provider account shared with other stores,
   * as the local stand-in is across test runs); without, everything the provider holds.
   */
  async run(orders?: ReconciliationInput['orders']): Promise<{ mismatches: Mismatch[]; charges: number; refunds: number; ledger: number }> {
    const [allCharges, allRefunds, allLedger] = await Promise.all([this.provider.listCharges(), this.provider.listRefunds(), this.readLedger()]);
    const inScope = (orderId: string | undefined) => !orders || (orderId !== undefined && orders.has(orderId));
    const charges = allCharges.filter((charge) => inScope(charge.orderId));
    const intents = new Set(charges.map((charge) => charge.providerId));
    const refunds = allRefunds.filter((refund) => intents.has(refund.paymentIntentId));
    const ledger = allLedger.filter((entry) => inScope(entry.orderId));
    return { mismatches: reconcile({ charges, refunds, ledger, orders }), charges: charges.length, refunds: refunds.length, ledger: ledger.length };
  }

  private async readLedger(): Promise<ReconciliationInput['ledger']> {
    const { rows } = await this.database.pool.query<{ order_id: string; kind: 'CHARGE' | 'REFUND'; provider_id: string; amount_minor: string }>(
      'SELECT order_id, kind, provider_id, amount_minor FROM ledger',
    );
    return rows.map((row) => ({ orderId: row.order_id, kind: row.kind, providerId: row.provider_id, amountMinor: Math.abs(Number(row.amount_minor)) }));
  }
}
