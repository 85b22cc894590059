import { money, Order, Payment } from './api';

/** Stripe's test cards the local provider knows: what each does at checkout. */
export const TEST_CARDS = [
  { id: 'pm_card_visa', label: 'Visa test card (pays)' },
  { id: 'pm_card_mastercard', label: 'Mastercard test card (pays)' },
  { id: 'pm_card_chargeDeclined', label: 'Test card that is declined' },
  { id: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Test card without funds' },
] as const;

/** The payment in words: "Paid €12.00", "Payment declined", "Refunded €12.00". */
export function describePayment(payment: Payment): string {
  switch (payment.status) {
    case 'PENDING':
      return `Payment of ${money(payment.amount, payment.currency)} pending`;
    case 'CAPTURED':
      return `Paid ${money(payment.amount, payment.currency)}`;
    case 'DECLINED':
      return 'Payment declined';
    case 'REFUNDED':
      return `Refunded ${money(payment.refunded, payment.currency)}`;
    case 'CANCELLED':
      return 'Nothing was charged';
  }
}

const DECLINES: Record<string, string> = {
  insufficient_funds: 'the card has insufficient funds',
  generic_decline: 'the card was declined',
  lost_card: 'the card was reported lost',
  stolen_card: 'the card was reported stolen',
  fraudulent: 'the card was declined as suspicious',
};

/** A reason from the order's history, in words, with product names instead of ids. */
export function describeReason(reason: string, order: Pick<Order, 'lines'>): string {
  const nameOf = (id: string) => order.lines?.find((line) => line.productId === id)?.name ?? 'a product';
  return reason
    .split('; ')
    .map((clause) => {
      let match: RegExpExecArray | null;
      if ((match = /^OUT_OF_STOCK: (\S+) \((\d+) wanted, (\d+) available\)$/.exec(clause))) return `${nameOf(match[1])}: only ${match[3]} left, ${match[2]} wanted`;
      if ((match = /^PRODUCT_GONE: (\S+)$/.exec(clause))) return `${nameOf(match[1])} is no longer sold`;
      if ((match = /^PRODUCT_WITHDRAWN: (\S+)$/.exec(clause))) return `${nameOf(match[1])} was withdrawn: your money is back`;
      if ((match = /^PAYMENT_DECLINED(?:: (\w+))?/.exec(clause))) return `Payment declined: ${DECLINES[match[1] ?? ''] ?? 'the card was declined'}`;
      if (clause.startsWith('PAYMENT_UNAVAILABLE')) return 'The payment could not be taken in time: nothing was charged';
      return clause;
    })
    .join('; ');
}
