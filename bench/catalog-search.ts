import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { LoadResult, toLoadResult } from './load';
import { pacedLoad } from './paced';

/** Words product names are made of: a search for one matches about 1 in 40 products. */
export const SEARCH_WORDS = [
  'espresso', 'kettle', 'grinder', 'filter', 'oolong', 'matcha', 'teapot', 'carafe', 'tamper', 'scale',
  'roast', 'decaf', 'arabica', 'robusta', 'moka', 'siphon', 'chemex', 'aeropress', 'dripper', 'thermos',
  'saucer', 'tumbler', 'pitcher', 'frother', 'strainer', 'infuser', 'canister', 'spoon', 'beans', 'leaves',
  'sencha', 'darjeeling', 'assam', 'ceylon', 'rooibos', 'chai', 'cocoa', 'syrup', 'biscuit', 'sampler',
];
const FINISHES = ['steel', 'glass', 'ceramic', 'copper', 'bamboo', 'organic', 'single origin', 'limited', 'travel', 'classic'];
const BATCH = 1000;

/**
 * `count` products straight into the catalog's table (its migrations must have run), spread over
 * the last days so the listing order means something; one multi-row insert per thousand.
 */
export async function seedProducts(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      const ids: string[] = [];
      const names: string[] = [];
      const prices: number[] = [];
      const times: string[] = [];
      for (let index = start; index < start + size; index++) {
        ids.push(randomUUID());
        names.push(`${FINISHES[index % FINISHES.length]} ${SEARCH_WORDS[(index * 7) % SEARCH_WORDS.length]} ${index}`);
        prices.push(100 + (index % 5000));
        times.push(new Date(now - (count - index) * 1000).toISOString());
      }
      await client.query(
        `INSERT INTO products (id, name, price_minor, stock, created_at, updated_at)
         SELECT id, name, price, 100, at, at FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::timestamptz[]) AS t(id, name, price, at)`,
        [ids, names, prices, times],
      );
    }
    await client.query('ANALYZE products');
  } finally {
    await client.end();
  }
}

let searchNumber = 0;

/** GET `<url>?name=<word>&limit=20`, the word changing with each request; no pipelining. */
export async function searchProducts(spec: { url: string; connections: number; durationS: number; rate?: number }): Promise<LoadResult> {
  const nextPath = () => `/api/products?name=${SEARCH_WORDS[searchNumber++ % SEARCH_WORDS.length]}&limit=20`;
  if (spec.rate) return pacedLoad({ url: spec.url, method: 'GET', rate: spec.rate, durationS: spec.durationS, connections: spec.connections, path: nextPath });
  const result = await autocannon({
    url: spec.url,
    method: 'GET',
    connections: spec.connections,
    pipelining: 1,
    duration: spec.durationS,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  return toLoadResult(result);
}
