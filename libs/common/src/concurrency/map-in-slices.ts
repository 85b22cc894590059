/**
 * Maps items to results with at most `size` calls in flight: slice after slice, each slice's
 * calls at once. Results keep the items' order. For a few hundred database round trips that
 * should neither run one by one nor all at once against a shared connection pool.
 */
export async function mapInSlices<T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  }
  return results;
}
