import { ListNumbers, SPARE_NUMBERS_MS } from './list-numbers';

/** A counter store whose updates the test completes one at a time. */
function slowCounters() {
  const counters = new Map<string, number>();
  const updates: Array<{ userId: string; count: number; finish: () => void; fail: (error: unknown) => void }> = [];
  const take = (userId: string, count: number) =>
    new Promise<number>((resolve, reject) => {
      updates.push({
        userId,
        count,
        finish: () => {
          counters.set(userId, (counters.get(userId) ?? 0) + count);
          resolve(counters.get(userId)!);
        },
        fail: reject,
      });
    });
  return { take, updates };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ListNumbers', () => {
  it('takes the numbers of every request waiting meanwhile in one counter update, each number once', async () => {
    const { take, updates } = slowCounters();
    const numbers = new ListNumbers(take);
    const first = numbers.next('alice');
    const waiting = Array.from({ length: 31 }, () => numbers.next('alice'));
    await settle();
    expect(updates.map((update) => update.count)).toEqual([1]);
    updates[0].finish();
    await settle();
    // The 31 waiting, and 31 ahead: the user is busy.
    expect(updates.map((update) => update.count)).toEqual([1, 62]);
    updates[1].finish();
    const given = [await first, ...(await Promise.all(waiting))];
    expect(given).toEqual(Array.from({ length: 32 }, (_, index) => index + 1));
  });

  it('hands out the numbers taken ahead without the store while they are good, then asks for twice as many', async () => {
    let now = 0;
    const { take, updates } = slowCounters();
    const numbers = new ListNumbers(take, () => now);
    const opening = [numbers.next('alice'), numbers.next('alice'), numbers.next('alice')];
    await settle();
    updates[0].finish();
    await settle();
    updates[1].finish(); // 2 waiting + 2 ahead: the counter is at 5
    await expect(Promise.all(opening)).resolves.toEqual([1, 2, 3]);
    await expect(Promise.all([numbers.next('alice'), numbers.next('alice')])).resolves.toEqual([4, 5]);
    expect(updates).toHaveLength(2);
    const afterSpares = numbers.next('alice');
    await settle();
    expect(updates.map((update) => update.count)).toEqual([1, 4, 5]); // 1 waiting + 4 ahead
    updates[2].finish();
    await expect(afterSpares).resolves.toBe(6);
    // Spare numbers past their time are never handed out: the next order takes a fresh one.
    now += SPARE_NUMBERS_MS;
    const late = numbers.next('alice');
    await settle();
    updates[3].finish();
    await expect(late).resolves.toBe(11);
  });

  it('keeps users apart: each has its own counter and queue', async () => {
    const { take, updates } = slowCounters();
    const numbers = new ListNumbers(take);
    const alice = numbers.next('alice');
    const bob = numbers.next('bob');
    await settle();
    expect(updates.map((update) => update.userId)).toEqual(['alice', 'bob']);
    updates.forEach((update) => update.finish());
    await expect(Promise.all([alice, bob])).resolves.toEqual([1, 1]);
  });

  it('fails the requests of a failed update only, and starts afresh for the next', async () => {
    const { take, updates } = slowCounters();
    const numbers = new ListNumbers(take);
    const failed = numbers.next('alice');
    await settle();
    updates[0].fail(new Error('store down'));
    await expect(failed).rejects.toThrow('store down');
    const later = numbers.next('alice');
    await settle();
    updates[1].finish();
    await expect(later).resolves.toBe(1);
  });
});
