import { mapInSlices } from '@app/common';
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
  const hits = await mapInSlices(ids, CONCURRENCY, (_id) => collection.findOne({ _id } as mongo.Filter<T>, { projection: { _id: 1 } }));
  return new Set(ids.filter((_, index) => hits[index]).map((id) => id.toHexString()));
}
