import { BAD_REQUESTS } from '../bad-input-corpus';
import { call, registerUser } from '../client';
import { Scenario, Tally } from '../scenario';
import { PORTS } from '../stack';

/** An error answer says what is wrong in a few lines: never a megabyte. */
const MAX_ERROR_BYTES = 16 * 1024;

export const badInput: Scenario = {
  name: 'bad-input corpus',
  async run() {
    const tally = new Tally();
    const user = await registerUser('corpus');
    const broken: string[] = [];
    for (const bad of BAD_REQUESTS) {
      const headers: Record<string, string> = {};
      if (bad.contentType) headers['content-type'] = bad.contentType;
      if (bad.auth === 'user') headers.authorization = `Bearer ${user.token}`;
      else if (bad.auth && bad.auth !== 'none') headers.authorization = bad.auth;
      const path = bad.path.replace(/=me\b/g, `=${user.id}`);
      const answer = tally.record(await call(bad.app, bad.method, path, { headers, body: bad.body, rawBody: bad.rawBody }));
      const shaped = typeof answer.body?.code === 'string' && typeof answer.body?.correlationId === 'string';
      if (answer.status < 400 || answer.status >= 500 || !shaped) broken.push(`${bad.name}: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 120)}`);
      const size = JSON.stringify(answer.body ?? '').length;
      if (size > MAX_ERROR_BYTES) broken.push(`${bad.name}: a ${size}-byte error answer`);
    }
    for (const app of ['auth', 'orders'] as const) {
      const health = await fetch(`http://127.0.0.1:${PORTS[app]}/health/ready`);
      if (!health.ok) broken.push(`${app} not ready after the corpus`);
    }
    // The stream requests of the corpus hold no slot afterwards (the app's own /metrics: the gateway does not route it).
    const metrics = await (await fetch(`http://127.0.0.1:${PORTS.orders}/metrics`)).text();
    const openStreams = Number(/^orders_live_status_streams (\S+)$/m.exec(metrics)?.[1] ?? 'NaN');
    if (openStreams !== 0) broken.push(`${openStreams} live-status streams still open after the corpus`);
    if (BAD_REQUESTS.length < 60) broken.push(`corpus has only ${BAD_REQUESTS.length} cases`);
    return tally.result({ broken, notes: [`${BAD_REQUESTS.length} cases`] });
  },
};
