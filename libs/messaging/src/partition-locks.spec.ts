import { PartitionLocks } from './partition-locks';

describe('PartitionLocks', () => {
  it('runs work of one partition one at a time, in order, and other partitions alongside', async () => {
    const locks = new PartitionLocks();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([locks.run(3, step('a', 30)), locks.run(3, step('b', 1)), locks.run(4, step('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log.indexOf('b start')).toBeGreaterThan(log.indexOf('a end'));
    expect(log.indexOf('c end')).toBeLessThan(log.indexOf('a end'));
  });

  it('goes on after a failure', async () => {
    const locks = new PartitionLocks();
    await expect(locks.run(1, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run(1, async () => 'next')).resolves.toBe('next');
  });
});
