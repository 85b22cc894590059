import { isMultipleOf } from '@app/common';

/**
 * Money travels as JSON numbers with at most two decimals and is stored as integer minor
 * units (cents): FerretDB has no Decimal128, and integers add up exactly.
 */
export const MAX_MINOR_UNITS = 100_000_000_000; // 1e9 in major units

export function hasAtMostTwoDecimals(value: number): boolean {
  return isMultipleOf(value, 0.01);
}

export function toMinorUnits(value: number): number {
  return Math.round(value * 100);
}

/** The shortest decimal of minor/100 is the one the client sent (30 → 0.3). */
export function fromMinorUnits(minor: number): number {
  return minor / 100;
}
