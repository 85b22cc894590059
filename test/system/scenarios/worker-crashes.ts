import { call, orderBody, registerUser } from '../client';
import { load, Scenario, settle, Tally } from '../scenario';
import { sleep } from '../stack';

export const workerCrashes: Scenario = {
  name: 'worker crashes (SIGKILL x3)',
  async run({ db, stack }) {
    const tally = new Tally();
    const user = await registerUser('crash');
    let done = false;
    const running = load(tally, () => call('orders', 'POST', '/order', { token: user.token, body: orderBody(4.2) }), 3, () => done, 25);
    for (let crash = 0; crash < 3; crash++) {
      await sleep(1500);
      await stack.stop('order-processor', 'SIGKILL');
      await sleep(500);
      await stack.start('order-processor');
    }
    await sleep(1000);
    done = true;
    await running;
    const started = Date.now();
    const outcome = await settle(db, tally.acceptedIds);
    const broken: string[] = [];
    if (outcome.lost > 0) broken.push(`${outcome.lost} lost`);
    if (outcome.processedTwice > 0) broken.push(`${outcome.processedTwice} processed twice`);
    if (tally.serverErrors > 0 || tally.unreachable > 0) broken.push(`${tally.serverErrors} 5xx, ${tally.unreachable} unreachable`);
    return tally.result({ ...outcome, recoveryMs: Date.now() - started, broken });
  },
};
