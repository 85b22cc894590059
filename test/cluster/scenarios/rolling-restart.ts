import { Answer, call, orderBody, registerUser } from '../../system/client';
import { load, settle, Tally } from '../../system/scenario';
import { sleep } from '../../system/stack';
import { APPS } from '../cluster';
import { describeUnsettled } from '../unsettled';
import { ClusterScenario, commonDamage } from '../cluster-scenario';

/**
 * The gateway leaves an instance out for fail_timeout (5 s) after a refused connection: the next
 * instance is stopped only once that has passed, as Kubernetes waits on readiness.
 */
const SETTLE_BETWEEN_MS = 6000;

/**
 * Every instance of every app, one instance of each app at a time: SIGTERM, wait for its drain and
 * exit, start it again, wait until it is ready, go on with the other — under a load of orders,
 * token requests and catalog reads through the gateway. No answer may be a 5xx, no request may
 * find no instance, no order is lost.
 */
export const rollingRestart: ClusterScenario = {
  name: 'rolling restart of every app',
  async run({ cluster, db }) {
    const orders = new Tally();
    const reads = new Tally();
    const buyer = await registerUser('rolling');
    const basic = Buffer.from(`${buyer.username}:${buyer.password}`).toString('base64');
    let done = false;
    let turn = 0;
    let restarting = 'none';
    /** Which request found no instance, during which restart: what README's explanation rests on. */
    const missed = new Map<string, number>();
    const noting = (what: string, send: () => Promise<Answer>) => async () => {
      try {
        return await send();
      } catch (error) {
        const entry = `${what} while ${restarting} restarted: ${(error as Error).message.slice(0, 80)}`;
        missed.set(entry, (missed.get(entry) ?? 0) + 1);
        throw error;
      }
    };
    const read = () => (turn++ % 2 === 0 ? call('auth', 'GET', '/api/token', { basic }) : call('catalog', 'GET', '/api/products?limit=5'));
    const running = Promise.all([
      load(orders, noting('POST /order', () => call('orders', 'POST', '/order', { token: buyer.token, body: orderBody(9.1) })), 3, () => done, 20),
      load(reads, noting('read', read), 1, () => done, 20),
    ]);
    const restarts: string[] = [];
    try {
      await sleep(2000);
      // In waves: instance a of every app at once, then instance b, so each app always has one
      // instance serving.
      for (const instance of cluster.instances) {
        restarting = `every app's instance ${instance}`;
        await Promise.all(
          APPS.map(async (app) => {
            const started = Date.now();
            await cluster.stacks[instance].stop(app, 'SIGTERM');
            await cluster.stacks[instance].start(app);
            restarts.push(`${app}/${instance} ${((Date.now() - started) / 1000).toFixed(1)} s`);
          }),
        );
        await sleep(SETTLE_BETWEEN_MS);
      }
    } finally {
      done = true;
      await running;
    }
    const started = Date.now();
    const outcome = await settle(db, orders.acceptedIds, 120_000);
    const unsettled = outcome.lost > 0 ? await describeUnsettled(db, orders.acceptedIds) : [];
    const broken = commonDamage(outcome, orders.serverErrors + reads.serverErrors, orders.unreachable + reads.unreachable);
    if (reads.rejected > 0) broken.push(`${reads.rejected} token or catalog reads answered 4xx`);
    return {
      ...orders.result({ ...outcome, recoveryMs: Date.now() - started }),
      sent: orders.sent + reads.sent,
      accepted: orders.accepted + reads.accepted,
      rejected: orders.rejected + reads.rejected,
      serverErrors: orders.serverErrors + reads.serverErrors,
      notes: [`${reads.sent} of them token requests and catalog reads`, `restart to ready: ${restarts.join(', ')}`, ...[...missed].map(([what, count]) => `${count}× ${what}`), ...unsettled],
      broken,
    };
  },
};
