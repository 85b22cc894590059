import { call, orderBody, registerUser } from '../client';
import { load, percentile, Scenario, settle, Tally } from '../scenario';
import { infra, sleep } from '../stack';

export function databaseOutage(outageMs: number): Scenario {
  return {
    name: `database outage (${outageMs / 1000}s)`,
    async run({ db }) {
      const tally = new Tally();
      const user = await registerUser('dbdown');
      const unavailable: number[] = [];
      let other5xx = 0;
      const place = async () => {
        const answer = await call('orders', 'POST', '/order', { token: user.token, body: orderBody(6.66) });
        if (answer.status === 503 && answer.body?.code === 'ORDER.STORE_UNAVAILABLE') unavailable.push(answer.ms);
        else if (answer.status >= 500) other5xx++;
        return answer;
      };
      let done = false;
      const running = load(tally, place, 3, () => done);
      await sleep(2000);
      await infra('down', 'mongo');
      await sleep(outageMs);
      await infra('up', 'mongo');
      const backAt = Date.now();
      let recoveredAt: number | undefined;
      while (!recoveredAt && Date.now() - backAt < 60_000) {
        const probe = await place();
        tally.record(probe);
        if (probe.status === 201) recoveredAt = Date.now();
        else await sleep(200);
      }
      await sleep(1000);
      done = true;
      await running;
      const outcome = await settle(db, tally.acceptedIds, 180_000);
      const broken: string[] = [];
      if (!recoveredAt) broken.push('POST did not succeed again within 60 s');
      if (other5xx > 0) broken.push(`${other5xx} 5xx other than ORDER.STORE_UNAVAILABLE`);
      if (unavailable.length === 0) broken.push('no 503 seen during the outage');
      if (outcome.lost > 0) broken.push(`${outcome.lost} lost`);
      if (outcome.processedTwice > 0) broken.push(`${outcome.processedTwice} processed twice`);
      if (tally.unreachable > 0) broken.push(`${tally.unreachable} unreachable`);
      const p99 = percentile(unavailable, 99);
      return tally.result({
        ...outcome,
        // 503 is the promised answer here; the 5xx column counts any other.
        serverErrors: other5xx,
        recoveryMs: recoveredAt ? recoveredAt - backAt : undefined,
        notes: [`${unavailable.length} x 503, p99 ${p99.toFixed(0)} ms`],
        broken,
      });
    },
  };
}
