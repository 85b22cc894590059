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
  return new Set((await findByIds(collection, ids, { _id: 1 })).keys());
}

/** The documents with these `_id`s (the projected fields), by hex id; the same per-id lookups. */
export async function findByIds<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  ids: readonly mongo.ObjectId[],
  projection: mongo.Document,
): Promise<Map<string, mongo.WithId<T>>> {
  const hits = await mapInSlices(ids, CONCURRENCY, (_id) => collection.findOne({ _id } as mongo.Filter<T>, { projection }));
  const found = new Map<string, mongo.WithId<T>>();
  ids.forEach((id, index) => {
    const hit = hits[index];
    if (hit) found.set(id.toHexString(), hit);
  });
  return found;
}
