/** The spacing of doubles at `value`: one unit in the last place. */
function ulp(value: number): number {
  const magnitude = Math.abs(value);
  return magnitude === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(magnitude)) - 52);
}

/**
 * Whether a JSON number is a multiple of `step` (0.01 for money) as a person means it: 1.005 is
 * not, 676819709.94 is. A quotient compared within a fixed tolerance gets both ends wrong
 * (676819709.94 / 0.01 is 67681970994.00001), so the number is compared with the nearest
 * multiple, computed both as k × step and as k ÷ (1 / step), within two units in the last place.
 */
export function isMultipleOf(value: number, step: number): boolean {
  if (!Number.isFinite(value) || !(step > 0)) return false;
  const multiple = Math.round(value / step);
  const inverse = Math.round(1 / step);
  const candidates = [multiple * step, Math.abs(inverse * step - 1) < 1e-12 ? multiple / inverse : multiple * step];
  const tolerance = 2 * ulp(value);
  return candidates.some((candidate) => Math.abs(value - candidate) <= tolerance);
}
