import { Types, mongo } from 'mongoose';
import { existingIds } from './existing-ids';

describe('existingIds', () => {
  it('looks each id up by _id equality, at most 10 at a time, and answers the ones found', async () => {
    const stored = new Set<string>();
    const ids = Array.from({ length: 25 }, (_, n) => {
      const id = new Types.ObjectId();
      if (n % 3 === 0) stored.add(id.toHexString());
      return id;
    });
    let inFlight = 0;
    let maxInFlight = 0;
    const filters: unknown[] = [];
    const collection = {
      findOne: jest.fn(async (filter: { _id: Types.ObjectId }) => {
        filters.push(filter);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return stored.has(filter._id.toHexString()) ? { _id: filter._id } : null;
      }),
    } as unknown as mongo.Collection;

    const found = await existingIds(collection, ids);

    expect(found).toEqual(stored);
    expect(filters).toEqual(ids.map((_id) => ({ _id })));
    expect(maxInFlight).toBe(10);
  });

  it('asks nothing for no ids', async () => {
    const collection = { findOne: jest.fn() } as unknown as mongo.Collection;
    await expect(existingIds(collection, [])).resolves.toEqual(new Set());
    expect(collection.findOne).not.toHaveBeenCalled();
  });
});
