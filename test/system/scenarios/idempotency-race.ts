import { call, orderBody, registerUser } from '../client';
import { Scenario, settle, Tally } from '../scenario';

export const idempotencyRace: Scenario = {
  name: 'idempotency race',
  async run({ db }) {
    const tally = new Tally();
    const user = await registerUser('idem');
    const key = `race-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        call('orders', 'POST', '/order', { token: user.token, body: orderBody(7.77), headers: { 'idempotency-key': key } }),
      ),
    );
    answers.forEach((answer) => tally.record(answer));
    const ids = new Set(tally.acceptedIds);
    const stored = await db.collection('orders').countDocuments({ 'idempotency.key': key, userid: user.id });
    const broken: string[] = [];
    if (ids.size !== 1) broken.push(`${ids.size} distinct order ids answered`);
    if (stored !== 1) broken.push(`${stored} orders stored for one key`);
    const outcome = await settle(db, [...ids]);
    if (outcome.lost > 0) broken.push(`${outcome.lost} lost`);
    return tally.result({ processed: outcome.processed, lost: outcome.lost, processedTwice: outcome.processedTwice, broken, notes: [`${stored} stored`] });
  },
};
