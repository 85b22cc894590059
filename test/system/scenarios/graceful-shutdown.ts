import { call, orderBody, registerUser } from '../client';
import { load, Scenario, settle, Tally } from '../scenario';
import { AppName, sleep } from '../stack';

export const gracefulShutdown: Scenario = {
  name: 'graceful shutdown (SIGTERM each app)',
  async run({ db, stack }) {
    const tally = new Tally();
    const user = await registerUser('graceful');
    let done = false;
    const running = load(tally, () => call('orders', 'POST', '/order', { token: user.token, body: orderBody(8.88) }), 3, () => done, 25);
    for (const app of ['order-processor', 'orders', 'auth'] as AppName[]) {
      await sleep(1500);
      await stack.stop(app, 'SIGTERM');
      await stack.start(app);
    }
    await sleep(1000);
    done = true;
    await running;
    const outcome = await settle(db, tally.acceptedIds);
    const broken: string[] = [];
    if (outcome.lost > 0) broken.push(`${outcome.lost} lost`);
    if (outcome.processedTwice > 0) broken.push(`${outcome.processedTwice} processed twice`);
    // Requests in flight at SIGTERM complete; ones sent while the app is down are refused, not failed.
    if (tally.serverErrors > 0) broken.push(`${tally.serverErrors} 5xx`);
    return tally.result({ ...outcome, notes: [`${tally.unreachable} refused while restarting`], broken });
  },
};
