import type { mongo } from 'mongoose';

/** Lookups in flight at once: well inside the driver's pool and FerretDB's. */
const CONCURRENCY = 10;

/**
 * Which of these `_id`s exist in the collection. One equality lookup per id, not `$in`:
 * FerretDB v1 does not push `$in` down to PostgreSQL, so `$in` reads the whole collection,
 * while `_id` equality uses its index (see README, FerretDB). MongoDB serves both from the
 * `_id` index.
 */
export async function existingIds<T extends mongo.Document>(collection: mongo.Collection<T>, ids: readonly mongo.ObjectId[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += CONCURRENCY) {
    const slice = ids.slice(start, start + CONCURRENCY);
    const hits = await Promise.all(
      slice.map((_id) => collection.findOne({ _id } as mongo.Filter<T>, { projection: { _id: 1 } })),
    );
    hits.forEach((hit, index) => {
      if (hit) found.add(slice[index].toHexString());
    });
  }
  return found;
}
