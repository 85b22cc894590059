import { randomUUID } from 'node:crypto';
import { Answer, call, orderBody, registerUser, UnreachableError } from '../../system/client';
import { load, settle, Tally } from '../../system/scenario';
import { sleep } from '../../system/stack';
import { within } from '../cluster';
import { describeUnsettled } from '../unsettled';
import { ClusterScenario, commonDamage, processorGroup } from '../cluster-scenario';

/** What happened to the requests in flight on an instance when it was killed. */
class InFlight {
  /** First attempts the gateway answered 502: sent to the instance that died under them. */
  cut = 0;
  /** Their retries that found the order already stored (the killed instance had written it). */
  replayed = 0;
  /** Retries that did not answer 201. */
  retryFailed = 0;
}

/**
 * One orders instance SIGKILLed under load: the gateway sends new requests to the other. A POST
 * /order in flight on the killed one is passed on by the gateway to the other under the same
 * Idempotency-Key (the gateway's, when the client sent none), so it is placed once whether or not
 * the killed instance had stored it. Should the gateway give up (every try failed) and answer 502,
 * the client retries once under its own key; none of those are expected.
 */
export const ordersInstanceKilled: ClusterScenario = {
  name: 'one orders instance SIGKILL',
  async run({ cluster, db }) {
    const tally = new Tally();
    const inFlight = new InFlight();
    const buyer = await registerUser('ordkill');
    // Half the requests name a key of their own, half leave it to the gateway.
    let turn = 0;
    const send = (key?: string) => call('orders', 'POST', '/order', { token: buyer.token, body: orderBody(7.25), headers: key ? { 'idempotency-key': key } : {} });
    const place = async (): Promise<Answer> => {
      const key = turn++ % 2 === 0 ? randomUUID() : undefined;
      try {
        return await send(key);
      } catch (error) {
        if (!(error instanceof UnreachableError)) throw error;
        inFlight.cut++;
        const retry = await send(key ?? randomUUID());
        if (retry.status !== 201) inFlight.retryFailed++;
        else if (retry.headers.get('idempotent-replayed') === 'true') inFlight.replayed++;
        return retry;
      }
    };
    let done = false;
    const logged = cluster.accessLog().length;
    const running = load(tally, place, 4, () => done, 10);
    const notes: string[] = [];
    let restartedAt = 0;
    try {
      await sleep(3000);
      const before = tally.sent;
      await cluster.stacks.b.stop('orders', 'SIGKILL');
      await sleep(6000);
      notes.push(`${tally.sent - before} sent while one instance was dead`);
      await cluster.stacks.b.start('orders');
      restartedAt = Date.now();
      await sleep(3000);
    } finally {
      done = true;
      await running;
    }
    const outcome = await settle(db, tally.acceptedIds, 120_000);
    // Every order stored, answered or not, must have been answered once its retry came.
    const stored = await db.collection('orders').countDocuments({ userid: buyer.id });
    const passedOn = cluster
      .accessLog()
      .slice(logged)
      .filter((entry) => entry.method === 'POST' && entry.uri === '/order' && entry.upstream.includes(','));
    const replayedByGateway = passedOn.filter((entry) => entry.status === 201 && entry.upstreamStatus.endsWith('201')).length;
    const replays = tally.answers.filter((answer) => answer.status === 201 && answer.headers.get('idempotent-replayed') === 'true').length;
    notes.unshift(
      `${passedOn.length} in flight on the killed instance, passed on by the gateway under their Idempotency-Key: ${replayedByGateway} answered 201, ${replays} of them replays of an order the killed instance had stored`,
      `${inFlight.cut} answered 502 to the client and retried by it (${inFlight.replayed} found stored)`,
    );
    if (outcome.lost > 0) notes.push(...(await describeUnsettled(db, tally.acceptedIds)));
    const broken = commonDamage(outcome, tally.serverErrors, tally.unreachable);
    if (inFlight.cut > 0) broken.push(`${inFlight.cut} POST /order answered 502 although the gateway may pass them on`);
    if (inFlight.retryFailed > 0) broken.push(`${inFlight.retryFailed} retries not answered 201`);
    if (stored !== new Set(tally.acceptedIds).size) broken.push(`${stored} orders stored for ${new Set(tally.acceptedIds).size} answered 201`);
    return tally.result({ ...outcome, recoveryMs: Date.now() - restartedAt, notes, broken });
  },
};

/**
 * One processor instance SIGKILLed under load and left dead: the group's coordinator drops it after
 * the session timeout, gives its partitions to the other, which drains the backlog; every order
 * is PROCESSED once (the processor's transition is guarded, offsets committed after it).
 */
export const processorInstanceKilled: ClusterScenario = {
  name: 'one order-processor instance SIGKILL',
  async run({ cluster, db }) {
    const tally = new Tally();
    const buyer = await registerUser('prockill');
    let done = false;
    const running = load(tally, () => call('orders', 'POST', '/order', { token: buyer.token, body: orderBody(3.75) }), 3, () => done, 20);
    const admin = await cluster.admin();
    const notes: string[] = [];
    let killedAt = 0;
    try {
      const members = async () => (await admin.group(processorGroup)).members;
      if ((await within(30_000, async () => (await members()) === 2)) === undefined) throw new Error('the processor group never had 2 members');
      await sleep(3000);
      await cluster.stacks.b.stop('order-processor', 'SIGKILL');
      killedAt = Date.now();
      const rebalanced = await within(60_000, async () => (await members()) === 1);
      notes.push(`group down to 1 member after ${rebalanced ?? '> 60000'} ms`);
      await sleep(3000);
    } catch (error) {
      await admin.disconnect();
      throw error;
    } finally {
      done = true;
      await running;
    }
    // The backlog is drained by the surviving instance alone; the killed one comes back after.
    const outcome = await settle(db, tally.acceptedIds, 120_000);
    const drainedMs = Date.now() - killedAt;
    const restartedAt = Date.now();
    await cluster.stacks.b.start('order-processor');
    const rejoined = await within(60_000, async () => (await admin.group(processorGroup)).members === 2).finally(() => admin.disconnect());
    notes.push(`restarted instance back in the group ${rejoined === undefined ? '> 60000' : Date.now() - restartedAt} ms after its start`);
    if (outcome.lost > 0) notes.push(...(await describeUnsettled(db, tally.acceptedIds)));
    const broken = commonDamage(outcome, tally.serverErrors, tally.unreachable);
    if (rejoined === undefined) broken.push('the restarted processor never rejoined the group');
    return tally.result({ ...outcome, recoveryMs: drainedMs, notes, broken });
  },
};
