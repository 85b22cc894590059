import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles the wait after each failure up to the cap, and starts over after a reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect(backoff.delayMs).toBe(100);
    expect([backoff.failed(), backoff.failed(), backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([200, 400, 800, 1000, 1000]);
    backoff.reset();
    expect(backoff.delayMs).toBe(100);
  });

  it('stays at the cap after very many failures (no Infinity, no NaN)', () => {
    expect(Backoff.delayAfter(5000, { initialMs: 200, maxMs: 30_000 })).toBe(30_000);
  });
});
