import { mapInSlices } from './map-in-slices';

describe('mapInSlices', () => {
  it('keeps the order of the items and never has more than `size` calls in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const results = await mapInSlices([5, 1, 4, 2, 3, 6, 7], 3, async (item) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, item));
      inFlight--;
      return item * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(maxInFlight).toBe(3);
  });

  it('fails with the first failure of a slice', async () => {
    await expect(mapInSlices([1, 2], 2, async (item) => {
      if (item === 2) throw new Error('boom');
      return item;
    })).rejects.toThrow('boom');
  });
});
