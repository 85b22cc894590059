import { Money } from '../money';
import { divideRoundHalfEven, quote } from './order-pricing';
import { OrderTotalTooLargeError } from './order.errors';

const price = (productId: string, major: number) => ({ productId, name: `product ${productId}`, unitPrice: Money.ofMajor(major) });

describe('order pricing', () => {
  it('rounds half to even', () => {
    expect([5n, 15n, 25n, 35n, 14n, 16n].map((n) => divideRoundHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 4n, 1n, 2n]);
  });

  it('sums the lines and adds the fee, rounded half-even to the cent', () => {
    // 2 × 0.10 + 1 × 0.05 = 0.25; 10 % of it is 2.5 cents → 2 (even); total 0.27.
    const priced = quote([{ price: price('a', 0.1), quantity: 2 }, { price: price('b', 0.05), quantity: 1 }], 1000);
    expect([priced.subtotal.minor, priced.fee.minor, priced.total.minor]).toEqual([25, 2, 27]);
    // 0.35 at 10 %: 3.5 cents → 4 (even).
    expect(quote([{ price: price('a', 0.35), quantity: 1 }], 1000).fee.minor).toBe(4);
    // 20 % of 12.65 × 2 = 5.06.
    const standard = quote([{ price: price('a', 12.65), quantity: 2 }], 2000);
    expect([standard.subtotal.major, standard.fee.major, standard.total.major]).toEqual([25.3, 5.06, 30.36]);
    expect(standard.lines).toEqual([{ productId: 'a', name: 'product a', unitPrice: Money.ofMajor(12.65), quantity: 2 }]);
  });

  it('is exact past 2^53 and refuses a total the API cannot return', () => {
    const large = [{ price: price('a', 999_999_999.99), quantity: 10_000 }];
    expect(() => quote(large, 0)).toThrow(OrderTotalTooLargeError);
    expect(quote([{ price: price('a', 833_333_333.33), quantity: 1 }], 2000).total.minor).toBe(100_000_000_000);
  });
});
