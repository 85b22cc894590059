import { Client } from 'pg';
import { Answer, call } from '../client';
import { load, percentile, Scenario, Tally } from '../scenario';
import { catalogDatabaseUrl, infra, sleep } from '../stack';

export const SYSTEM_ADMIN = { username: 'system-admin', password: 'system admin password' };

export async function adminToken(): Promise<string> {
  const answer = await call('auth', 'GET', '/api/token', { basic: Buffer.from(`${SYSTEM_ADMIN.username}:${SYSTEM_ADMIN.password}`).toString('base64') });
  if (answer.status !== 200) throw new Error(`the administrator's token answered ${answer.status}`);
  return String(answer.body?.access_token);
}

/**
 * Waits until the catalog's outbox is empty, then counts the products a 201 answered that the
 * table does not hold; `broken` names both kinds of damage.
 */
async function settleProducts(ids: string[], timeoutMs = 60_000): Promise<{ lost: number; unsent: number; broken: string[] }> {
  const client = new Client({ connectionString: catalogDatabaseUrl('system') });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE id = ANY($1::uuid[])', [ids]);
      const unsent = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_outbox WHERE sent_at IS NULL');
      const result = { lost: ids.length - stored.rows[0].n, unsent: unsent.rows[0].n };
      if (result.unsent === 0 || Date.now() > deadline) {
        const broken: string[] = [];
        if (result.lost > 0) broken.push(`${result.lost} products answered 201 are not stored`);
        if (result.unsent > 0) broken.push(`${result.unsent} catalog events still unsent`);
        return { ...result, broken };
      }
      await sleep(500);
    }
  } finally {
    await client.end();
  }
}

const productBody = (name: string) => ({ name, price: 4.2, stock: 10 });

/** Notes the product id of a 201 in `created` (load() counts the answer itself). */
function noter(created: string[]) {
  return (answer: Answer): Answer => {
    if (answer.status === 201 && typeof answer.body?.id === 'string') created.push(answer.body.id);
    return answer;
  };
}

/**
 * PostgreSQL stopped under reads and admin writes: the catalog answers 503
 * CATALOG.STORE_UNAVAILABLE at once, never another 5xx, and serves again without a restart;
 * every product a 201 answered is stored and its event sent.
 */
export function catalogStoreOutage(outageMs: number): Scenario {
  return {
    name: `catalog store outage (${outageMs / 1000}s)`,
    async run() {
      const tally = new Tally();
      const token = await adminToken();
      const created: string[] = [];
      const note = noter(created);
      const unavailable: number[] = [];
      let other5xx = 0;
      let sequence = 0;
      const step = async () => {
        const write = sequence++ % 2 === 0;
        const answer = write
          ? await call('catalog', 'POST', '/api/products', { token, body: productBody(`outage item ${sequence}`) })
          : await call('catalog', 'GET', '/api/products?name=outage&limit=5');
        if (answer.status === 503 && answer.body?.code === 'CATALOG.STORE_UNAVAILABLE') unavailable.push(answer.ms);
        else if (answer.status >= 500) other5xx++;
        return answer;
      };
      let done = false;
      const running = load(tally, async () => note(await step()), 3, () => done);
      const backAt = { time: Date.now() };
      let recoveredAt: number | undefined;
      try {
        await sleep(2000);
        await infra('down', 'postgres');
        await sleep(outageMs);
        await infra('up', 'postgres');
        backAt.time = Date.now();
        while (!recoveredAt && Date.now() - backAt.time < 60_000) {
          const probe = await call('catalog', 'POST', '/api/products', { token, body: productBody('outage probe') }).catch(() => undefined);
          if (probe) tally.record(note(probe));
          if (probe?.status === 201) recoveredAt = Date.now();
          else await sleep(200);
        }
        await sleep(1000);
      } finally {
        // Also when the scenario fails: the load must not outlive it.
        done = true;
        await running;
      }
      const outcome = await settleProducts(created);
      const broken = outcome.broken;
      if (!recoveredAt) broken.push('POST /api/products did not succeed again within 60 s');
      if (other5xx > 0) broken.push(`${other5xx} 5xx other than CATALOG.STORE_UNAVAILABLE`);
      if (unavailable.length === 0) broken.push('no 503 seen during the outage');
      if (tally.unreachable > 0) broken.push(`${tally.unreachable} unreachable`);
      return tally.result({
        lost: outcome.lost,
        serverErrors: other5xx,
        recoveryMs: recoveredAt ? recoveredAt - backAt.time : undefined,
        notes: [`${unavailable.length} x 503, p99 ${percentile(unavailable, 99).toFixed(0)} ms`, `${created.length} products created`],
        broken,
      });
    },
  };
}

/** SIGTERM to the catalog under admin writes: requests in flight finish, nothing answered 201 is lost. */
export const catalogGracefulShutdown: Scenario = {
  name: 'catalog graceful shutdown (SIGTERM)',
  async run({ stack }) {
    const tally = new Tally();
    const token = await adminToken();
    const created: string[] = [];
    const note = noter(created);
    let done = false;
    const running = load(tally, async () => note(await call('catalog', 'POST', '/api/products', { token, body: productBody('graceful item') })), 3, () => done, 25);
    try {
      await sleep(1500);
      await stack.stop('catalog', 'SIGTERM');
      await stack.start('catalog');
      await sleep(1000);
    } finally {
      done = true;
      await running;
    }
    const outcome = await settleProducts(created);
    const broken = outcome.broken;
    if (tally.serverErrors > 0) broken.push(`${tally.serverErrors} 5xx`);
    return tally.result({ lost: outcome.lost, notes: [`${tally.unreachable} refused while restarting`, `${created.length} products created`], broken });
  },
};
