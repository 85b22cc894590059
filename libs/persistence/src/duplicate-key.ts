import { mongo } from 'mongoose';

/**
 * Whether a write failed only on duplicate keys: one write's, or every failed write of an
 * unordered bulk write (whose other writes went through).
 */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof mongo.MongoBulkWriteError) {
    const failed = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return failed.length > 0 && failed.every((write) => write.code === 11000);
  }
  return error instanceof mongo.MongoServerError && error.code === 11000;
}
