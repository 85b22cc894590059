import { call, orderBody, registerUser } from '../client';
import { CpuUse } from '../cpu-use';
import { recoveryStages } from '../recovery-stages';
import { load, Scenario, settle, Tally } from '../scenario';
import { infra, sleep } from '../stack';

export function brokerOutage(outageMs: number, minimumOrders: number): Scenario {
  return {
    name: `broker outage (${outageMs / 1000}s)`,
    async run({ db, stack }) {
      const tally = new Tally();
      const user = await registerUser('broker');
      let phase: 'before' | 'outage' | 'after' = 'before';
      const during = new Tally();
      const place = async () => {
        const answer = await call('orders', 'POST', '/order', { token: user.token, body: orderBody(5.55) });
        if (phase === 'outage') during.record(answer);
        return answer;
      };
      let done = false;
      const running = load(tally, place, 3, () => done);
      await sleep(2000);
      await infra('down', 'kafka');
      phase = 'outage';
      await sleep(outageMs);
      // Orders placed while the broker starts again wait for it too: counted with the outage's.
      await infra('up', 'kafka');
      phase = 'after';
      const backAt = Date.now();
      const cpu = new CpuUse(stack);
      while (tally.sent < minimumOrders) await sleep(200);
      done = true;
      await running;
      const { lastProcessedAt, ...outcome } = await settle(db, tally.acceptedIds, 180_000);
      // Read when the last order was seen PROCESSED (settle polls every 500 ms): the recovery's CPU.
      const cpuDuringRecovery = cpu.summary();
      const broken: string[] = [];
      if (outcome.lost > 0) broken.push(`${outcome.lost} lost`);
      if (outcome.processedTwice > 0) broken.push(`${outcome.processedTwice} processed twice`);
      if (during.accepted !== during.sent) broken.push(`${during.sent - during.accepted} of ${during.sent} not accepted during the outage`);
      if (tally.serverErrors + tally.unreachable > 0) broken.push(`${tally.serverErrors} 5xx, ${tally.unreachable} unreachable`);
      // Recovery: the broker answering again → the last accepted order PROCESSED, from the stored time.
      const recoveryMs = outcome.lost === 0 ? lastProcessedAt - backAt : Date.now() - backAt;
      const stages = await recoveryStages(db, tally.acceptedIds, backAt);
      return tally.result({ ...outcome, recoveryMs, notes: [`${during.accepted} accepted while the broker was down or starting`, stages, cpuDuringRecovery], broken });
    },
  };
}
