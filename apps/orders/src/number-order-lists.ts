/**
 * npm run orders:number-lists — once, when upgrading a store whose orders predate numbered
 * user lists (apps/orders/src/orders/number-user-lists.ts says when and why). MONGO_URI names
 * the store, as for the apps.
 */
import { mongo } from 'mongoose';
import { numberUserLists } from '@apps/orders/orders/number-user-lists';

async function main(): Promise<void> {
  const uri = process.env.MONGO_URI;
  if (!uri) throw new Error('MONGO_URI is not set (the orders store, as the apps use it)');
  const client = await mongo.MongoClient.connect(uri);
  try {
    await numberUserLists(client.db(), (line) => console.log(`[number-lists] ${line}`));
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error('[number-lists] failed:', error);
  process.exit(1);
});
