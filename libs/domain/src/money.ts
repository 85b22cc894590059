import { isMultipleOf } from './multiple-of';

/** 1e9 in major units: the largest amount the API accepts, in minor units. */
export const MAX_MINOR_UNITS = 100_000_000_000;

/**
 * An amount of money in the shop's one currency, held as integer minor units (cents): sums are
 * exact, and FerretDB, which has no Decimal128, stores it as it is. Clients send and read major
 * units with at most two decimals.
 */
export class Money {
  private constructor(readonly minor: number) {}

  static ofMinor(minor: number): Money {
    if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not a whole number of minor units`);
    return new Money(minor);
  }

  /** From a client's amount; the API's schema has already refused more than two decimals. */
  static ofMajor(major: number): Money {
    return new Money(toMinorUnits(major));
  }

  /** The shortest decimal of minor/100 is the one the client sent (30 → 0.3). */
  get major(): number {
    return fromMinorUnits(this.minor);
  }

  plus(other: Money): Money {
    return new Money(this.minor + other.minor);
  }

  times(factor: number): Money {
    return Money.ofMinor(this.minor * factor);
  }

  equals(other: Money): boolean {
    return this.minor === other.minor;
  }
}

export function hasAtMostTwoDecimals(value: number): boolean {
  return isMultipleOf(value, 0.01);
}

export function toMinorUnits(value: number): number {
  return Math.round(value * 100);
}

export function fromMinorUnits(minor: number): number {
  return minor / 100;
}
