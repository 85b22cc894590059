import { MAX_MINOR_UNITS, Money } from '../money';
import { OrderTotalTooLargeError } from './order.errors';

/** A catalog product as the orders side knows it: its local copy of the catalog. */
export interface CatalogPrice {
  productId: string;
  name: string;
  unitPrice: Money;
}

export interface QuotedLine {
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
}

/** What an order of catalog products costs: Σ unit price × quantity, the fee on top. */
export interface Quote {
  lines: QuotedLine[];
  subtotal: Money;
  fee: Money;
  total: Money;
}

/** `n / d` to the nearest integer, a tie to the even one (banker's rounding): fees do not drift up. */
export function divideRoundHalfEven(n: bigint, d: bigint): bigint {
  const quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * The server's price of an order. Amounts are integers of minor units, summed exactly as
 * bigints (10,000 × a price of 10⁹ over 100 lines passes 2⁵³); a total the API could not
 * return exactly is refused. `feeBasisPoints`: hundredths of a percent (20 % = 2000).
 */
export function quote(lines: { price: CatalogPrice; quantity: number }[], feeBasisPoints: number): Quote {
  const subtotal = lines.reduce((sum, line) => sum + BigInt(line.price.unitPrice.minor) * BigInt(line.quantity), 0n);
  const fee = divideRoundHalfEven(subtotal * BigInt(feeBasisPoints), 10_000n);
  const total = subtotal + fee;
  if (total > BigInt(MAX_MINOR_UNITS)) throw new OrderTotalTooLargeError(Number(total) / 100);
  return {
    lines: lines.map(({ price, quantity }) => ({ productId: price.productId, name: price.name, unitPrice: price.unitPrice, quantity })),
    subtotal: Money.ofMinor(Number(subtotal)),
    fee: Money.ofMinor(Number(fee)),
    total: Money.ofMinor(Number(total)),
  };
}
