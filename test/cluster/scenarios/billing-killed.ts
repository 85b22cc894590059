import { call, orderBody, registerUser } from '../../system/client';
import { load, settle, Tally } from '../../system/scenario';
import { sleep } from '../../system/stack';
import { ClusterScenario, commonDamage } from '../cluster-scenario';

/**
 * One billing instance SIGKILLed under load: its leases on the charges it had taken up run out and
 * the other instance charges them under the same keys. Every order ends PROCESSED and paid once.
 */
export const billingInstanceKilled: ClusterScenario = {
  name: 'one billing instance SIGKILL',
  async run({ cluster, db }) {
    const tally = new Tally();
    const buyer = await registerUser('billkill');
    let done = false;
    const running = load(tally, () => call('orders', 'POST', '/order', { token: buyer.token, body: orderBody(2.5) }), 3, () => done, 20);
    try {
      await sleep(3000);
      await cluster.stacks.b.stop('billing', 'SIGKILL');
      await sleep(3000);
    } finally {
      done = true;
      await running;
    }
    const started = Date.now();
    const outcome = await settle(db, tally.acceptedIds, 120_000);
    const recoveryMs = Date.now() - started;
    await cluster.stacks.b.start('billing');
    const ids = tally.acceptedIds;
    const paid = await db.collection('orders').countDocuments({ userid: buyer.id, 'payment.status': 'CAPTURED' });
    const broken = commonDamage(outcome, tally.serverErrors, tally.unreachable);
    if (paid !== outcome.processed) broken.push(`${outcome.processed} PROCESSED but ${paid} paid`);
    return tally.result({ ...outcome, recoveryMs, notes: [`${paid} of ${ids.length} paid`], broken });
  },
};
