import type { ProviderCharge, ProviderRefund } from '../provider/payment-provider';

/** What reconciliation compares: the provider's records, billing's ledger and (optionally) each order's final state. */
export interface ReconciliationInput {
  charges: (ProviderCharge & { orderId?: string })[];
  refunds: ProviderRefund[];
  ledger: { orderId: string; kind: 'CHARGE' | 'REFUND'; providerId: string; amountMinor: number }[];
  /** Orders by id: status and cost in minor units (the orders store). */
  orders?: Map<string, { status: string; costMinor: number }>;
}

export type MismatchKind =
  | 'CHARGED_TWICE'
  | 'CHARGE_NOT_IN_LEDGER'
  | 'LEDGER_CHARGE_NOT_AT_PROVIDER'
  | 'REFUND_NOT_IN_LEDGER'
  | 'LEDGER_REFUND_NOT_AT_PROVIDER'
  | 'REFUND_MISSING'
  | 'PROCESSED_NOT_PAID'
  | 'PAID_NOT_PROCESSED';

export interface Mismatch {
  kind: MismatchKind;
  orderId: string;
  detail: string;
}

/** Statuses in which an order must hold no money: what was taken has gone back. */
const UNPAID_STATUSES = new Set(['REJECTED', 'CANCELLED', 'REFUNDED']);

/**
 * Every disagreement between the provider, the ledger and the orders. Pure: the caller gathers
 * the records (ReconciliationService) and prints or counts what comes back.
 */
export function reconcile(input: ReconciliationInput): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const ledgerIds = new Set(input.ledger.map((entry) => `${entry.kind}:${entry.providerId}`));
  const captured = input.charges.filter((charge) => charge.status === 'captured');
  const chargesByOrder = new Map<string, typeof captured>();
  for (const charge of captured) {
    const orderId = charge.orderId ?? '(no order)';
    chargesByOrder.set(orderId, [...(chargesByOrder.get(orderId) ?? []), charge]);
    if (!ledgerIds.has(`CHARGE:${charge.providerId}`)) mismatches.push({ kind: 'CHARGE_NOT_IN_LEDGER', orderId, detail: `${charge.providerId} (${charge.amountMinor})` });
  }
  for (const [orderId, charges] of chargesByOrder) {
    if (charges.length > 1) mismatches.push({ kind: 'CHARGED_TWICE', orderId, detail: charges.map((charge) => charge.providerId).join(', ') });
  }
  const capturedIds = new Set(captured.map((charge) => charge.providerId));
  const refundIds = new Set(input.refunds.map((refund) => refund.refundId));
  for (const entry of input.ledger) {
    if (entry.kind === 'CHARGE' && !capturedIds.has(entry.providerId)) mismatches.push({ kind: 'LEDGER_CHARGE_NOT_AT_PROVIDER', orderId: entry.orderId, detail: entry.providerId });
    if (entry.kind === 'REFUND' && !refundIds.has(entry.providerId)) mismatches.push({ kind: 'LEDGER_REFUND_NOT_AT_PROVIDER', orderId: entry.orderId, detail: entry.providerId });
  }
  const orderOfIntent = new Map(input.charges.map((charge) => [charge.providerId, charge.orderId ?? '(no order)']));
  const refundedByOrder = new Map<string, number>();
  for (const refund of input.refunds) {
    const orderId = orderOfIntent.get(refund.paymentIntentId) ?? '(unknown intent)';
    refundedByOrder.set(orderId, (refundedByOrder.get(orderId) ?? 0) + refund.amountMinor);
    if (!ledgerIds.has(`REFUND:${refund.refundId}`)) mismatches.push({ kind: 'REFUND_NOT_IN_LEDGER', orderId, detail: `${refund.refundId} (${refund.amountMinor})` });
  }
  if (!input.orders) return mismatches;
  for (const [orderId, order] of input.orders) {
    const charged = (chargesByOrder.get(orderId) ?? []).reduce((sum, charge) => sum + charge.amountMinor, 0);
    const held = charged - (refundedByOrder.get(orderId) ?? 0);
    if (UNPAID_STATUSES.has(order.status) && held > 0) mismatches.push({ kind: 'REFUND_MISSING', orderId, detail: `${order.status} but ${held} is still charged` });
    if (order.status === 'PROCESSED' && held !== order.costMinor) mismatches.push({ kind: 'PROCESSED_NOT_PAID', orderId, detail: `PROCESSED, ${held} charged of ${order.costMinor}` });
    if (order.status === 'PLACED' && held > 0) mismatches.push({ kind: 'PAID_NOT_PROCESSED', orderId, detail: `PLACED with ${held} charged` });
  }
  return mismatches;
}

/** Counts per kind, every kind present (0 when none). */
export function countByKind(mismatches: Mismatch[]): Record<MismatchKind, number> {
  const kinds: MismatchKind[] = [
    'CHARGED_TWICE',
    'CHARGE_NOT_IN_LEDGER',
    'LEDGER_CHARGE_NOT_AT_PROVIDER',
    'REFUND_NOT_IN_LEDGER',
    'LEDGER_REFUND_NOT_AT_PROVIDER',
    'REFUND_MISSING',
    'PROCESSED_NOT_PAID',
    'PAID_NOT_PROCESSED',
  ];
  const counts = Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<MismatchKind, number>;
  for (const mismatch of mismatches) counts[mismatch.kind] += 1;
  return counts;
}
