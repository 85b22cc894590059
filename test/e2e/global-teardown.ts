import mongoose from 'mongoose';
import { dropDatabase } from './postgres';

/** Drops this run's database; the servers stay up so the next run starts at once. */
export default async function globalTeardown(): Promise<void> {
  const catalogUrl = process.env.CATALOG_DATABASE_URL;
  if (catalogUrl && process.env.E2E_RUN_ID && catalogUrl.includes(process.env.E2E_RUN_ID)) await dropDatabase(new URL(catalogUrl));
  const uri = process.env.MONGO_URI;
  if (!uri || !process.env.E2E_RUN_ID || !uri.includes(process.env.E2E_RUN_ID)) return;
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
