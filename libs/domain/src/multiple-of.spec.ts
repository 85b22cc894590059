import { isMultipleOf } from './multiple-of';

describe('isMultipleOf', () => {
  it.each([0.01, 0.57, 57 * 0.01, 25.3, 12.65, 19.99, 1234567.89, 676819709.94, 999999999.99, 1e9, 100, 0])(
    'takes %p as a multiple of 0.01',
    (value) => expect(isMultipleOf(value, 0.01)).toBe(true),
  );

  it.each([1.005, 0.001, 12.345, 1e-7, 999999999.995, 0.015, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %p as a multiple of 0.01',
    (value) => expect(isMultipleOf(value, 0.01)).toBe(false),
  );

  it('works for other steps and refuses a step that is not positive', () => {
    expect(isMultipleOf(7.5, 0.5)).toBe(true);
    expect(isMultipleOf(7.25, 0.5)).toBe(false);
    expect(isMultipleOf(12, 3)).toBe(true);
    expect(isMultipleOf(1, 0)).toBe(false);
  });
});
