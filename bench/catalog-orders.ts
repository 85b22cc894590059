import autocannon from 'autocannon';
import { LoadResult, toLoadResult } from './load';
import { pacedLoad } from './paced';

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench admin password, local only' };

/** Enough units that a bench never runs out: the figure is reservation, not rejection. */
const STOCK = 1_000_000;

async function json(answer: Response): Promise<Record<string, unknown>> {
  return (await answer.json().catch(() => ({}))) as Record<string, unknown>;
}

/**
 * Creates `count` products through the catalog's API (so their events reach the orders side's
 * copy, as in production) and waits until orders can be priced from each: a wrong `cost` answers
 * 409 ORDER.PRICE_CHANGED only once the copy has the product.
 */
export async function createOrderableProducts(spec: { authUrl: string; catalogUrl: string; ordersUrl: string; buyerToken: string; count: number }): Promise<string[]> {
  const basic = Buffer.from(`${BENCH_ADMIN.username}:${BENCH_ADMIN.password}`).toString('base64');
  const issued = await fetch(`${spec.authUrl}/api/token`, { headers: { authorization: `Basic ${basic}` } });
  if (issued.status !== 200) throw new Error(`the bench administrator's token answered ${issued.status}`);
  const admin = String((await json(issued)).access_token);
  const ids: string[] = [];
  for (let index = 0; index < spec.count; index++) {
    const created = await fetch(`${spec.catalogUrl}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name: `bench reserved item ${index}`, price: 1 + index / 100, stock: STOCK }),
    });
    if (created.status !== 201) throw new Error(`creating a product answered ${created.status}`);
    ids.push(String((await json(created)).id));
  }
  const deadline = Date.now() + 60_000;
  for (const productId of ids) {
    for (;;) {
      const probe = await fetch(spec.ordersUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.buyerToken}` },
        body: JSON.stringify({ cost: 0.01, orderitems: [{ productId, quantity: 1 }] }),
      });
      if (probe.status === 409) break;
      if (Date.now() > deadline) throw new Error(`product ${productId} never reached the orders side's copy (last answer ${probe.status})`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return ids;
}

let orderNumber = 0;

/** POSTs catalog orders (one unit of one of `productIds`, in turn), server-priced; no pipelining. At a rate, evenly paced. */
export async function postCatalogOrders(spec: { url: string; token: string; productIds: string[]; connections: number; durationS: number; rate?: number }): Promise<LoadResult> {
  const nextBody = () => JSON.stringify({ orderitems: [{ productId: spec.productIds[orderNumber++ % spec.productIds.length], quantity: 1 }] });
  if (spec.rate) {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` };
    return pacedLoad({ url: spec.url, method: 'POST', headers, rate: spec.rate, durationS: spec.durationS, connections: spec.connections, body: nextBody });
  }
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` },
    connections: spec.connections,
    pipelining: 1,
    duration: spec.durationS,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  return toLoadResult(result);
}
