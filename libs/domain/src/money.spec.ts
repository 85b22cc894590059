import { fromMinorUnits, hasAtMostTwoDecimals, Money, toMinorUnits } from './money';

describe('money', () => {
  it.each([0.1, 0.2, 0.3, 0.1 + 0.2 === 0.3 ? 1 : 0.3, 19.99, 1234567.89, 0.01, 100])(
    'round-trips %p exactly through minor units',
    (value) => {
      expect(fromMinorUnits(toMinorUnits(value))).toBe(value);
    },
  );

  it('sums in minor units exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromMinorUnits(toMinorUnits(0.1) + toMinorUnits(0.2))).toBe(0.3);
  });

  it.each([
    [1.005, false],
    [0.001, false],
    [12.345, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [12.34, true],
    [676819709.94, true],
    [5, true],
  ])('knows whether %p has at most two decimals', (value, expected) => {
    expect(hasAtMostTwoDecimals(value)).toBe(expected);
  });
});

describe('Money', () => {
  it('keeps minor units exact through arithmetic and back to major units', () => {
    const price = Money.ofMajor(0.1);
    expect(price.plus(Money.ofMajor(0.2)).major).toBe(0.3);
    expect(Money.ofMajor(12.65).times(2)).toEqual(Money.ofMinor(2530));
    expect(Money.ofMajor(25.3).equals(Money.ofMinor(2530))).toBe(true);
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => Money.ofMinor(1.5)).toThrow(RangeError);
  });
});
