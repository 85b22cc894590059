import { breakdown } from './hops';

const at = (entries: Array<[string, number]>) => new Map(entries);

describe('where an order waits (the hop breakdown)', () => {
  it('splits each order path into the time between consecutive moments, leaving out orders that missed one', () => {
    const marks = [
      { name: 'placed', at: at([['a', 0], ['b', 0], ['c', 0]]) },
      { name: 'sent', at: at([['a', 10], ['b', 20], ['c', 5]]) },
      // c never reached the catalog (rejected, say): it is not part of any hop.
      { name: 'reserved', at: at([['a', 40], ['b', 30]]) },
    ];
    const result = breakdown(marks, ['a', 'b', 'c']);
    expect(result.orders).toBe(2);
    expect(result.hops.map((hop) => hop.hop)).toEqual(['placed → sent', 'sent → reserved']);
    expect(result.hops[0]).toMatchObject({ p50: 20, p99: 20 });
    expect(result.hops[1]).toMatchObject({ p50: 30, p99: 30 });
    // Means 15 and 20 of a path of 35: the shares say which hop holds an order longest.
    expect(result.hops[0].share).toBeCloseTo(15 / 35);
    expect(result.hops[1].share).toBeCloseTo(20 / 35);
    expect(result.total).toEqual({ p50: 40, p99: 40 });
  });

  it('counts a moment stamped before the one it follows (another clock grain, a republish) as no wait, not a negative one', () => {
    const result = breakdown(
      [
        { name: 'placed', at: at([['a', 100]]) },
        { name: 'sent', at: at([['a', 99]]) },
      ],
      ['a'],
    );
    expect(result.hops[0].p50).toBe(0);
  });
});
