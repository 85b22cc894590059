import { countByKind, reconcile, ReconciliationInput } from './reconcile';

const charge = (providerId: string, orderId: string, amountMinor = 1000, status: 'captured' | 'declined' = 'captured') => ({ providerId, orderId, amountMinor, status });
const ledgerCharge = (providerId: string, orderId: string, amountMinor = 1000) => ({ orderId, kind: 'CHARGE' as const, providerId, amountMinor });
const ledgerRefund = (providerId: string, orderId: string, amountMinor = 1000) => ({ orderId, kind: 'REFUND' as const, providerId, amountMinor });

describe('reconcile', () => {
  it('finds nothing when the provider, the ledger and the orders agree', () => {
    const input: ReconciliationInput = {
      charges: [charge('pi_1', 'o1'), charge('pi_2', 'o2'), charge('pi_3', 'o3', 500, 'declined')],
      refunds: [{ refundId: 're_1', paymentIntentId: 'pi_2', amountMinor: 1000 }],
      ledger: [ledgerCharge('pi_1', 'o1'), ledgerCharge('pi_2', 'o2'), ledgerRefund('re_1', 'o2')],
      orders: new Map([
        ['o1', { status: 'PROCESSED', costMinor: 1000 }],
        ['o2', { status: 'CANCELLED', costMinor: 1000 }],
        ['o3', { status: 'REJECTED', costMinor: 500 }],
      ]),
    };
    expect(reconcile(input)).toEqual([]);
  });

  it('names an order charged twice, a charge and a refund the ledger lacks, and a refund missing', () => {
    const mismatches = reconcile({
      charges: [charge('pi_1', 'o1'), charge('pi_2', 'o1'), charge('pi_3', 'o2')],
      refunds: [{ refundId: 're_9', paymentIntentId: 'pi_3', amountMinor: 400 }],
      ledger: [ledgerCharge('pi_1', 'o1'), ledgerCharge('pi_3', 'o2'), ledgerCharge('pi_gone', 'o3')],
      orders: new Map([
        ['o1', { status: 'PROCESSED', costMinor: 1000 }],
        ['o2', { status: 'CANCELLED', costMinor: 1000 }],
      ]),
    });
    expect(countByKind(mismatches)).toMatchObject({
      CHARGED_TWICE: 1,
      CHARGE_NOT_IN_LEDGER: 1,
      LEDGER_CHARGE_NOT_AT_PROVIDER: 1,
      REFUND_NOT_IN_LEDGER: 1,
      REFUND_MISSING: 1,
      PROCESSED_NOT_PAID: 1,
    });
    expect(mismatches.find((mismatch) => mismatch.kind === 'REFUND_MISSING')).toEqual({ kind: 'REFUND_MISSING', orderId: 'o2', detail: 'CANCELLED but 600 is still charged' });
  });

  it('without the orders, compares only the provider and the ledger', () => {
    expect(reconcile({ charges: [charge('pi_1', 'o1')], refunds: [], ledger: [ledgerCharge('pi_1', 'o1')] })).toEqual([]);
  });
});
