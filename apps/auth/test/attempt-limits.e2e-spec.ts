import request from 'supertest';
import type { HttpApp } from '@app/common';
import { createAuthApp } from '@apps/auth/create-app';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv } from '@test/e2e/test-env';

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
let sequence = 0;
const uniqueName = (stem: string) => `${stem}${Date.now().toString(36)}${(sequence++).toString(36)}`;
/** A client address as the gateway passes it on (the apps believe X-Forwarded-For from loopback). */
const client = () => `198.51.100.${(sequence++ % 250) + 1}`;

/**
 * Registration and sign-in limits, counted in the store both instances share: each scenario
 * alternates between two auth instances, and the limit holds for the two together.
 */
describe('auth: registration and sign-in limits across two instances (e2e)', () => {
  const env = new TestEnv();
  const instances: HttpApp[] = [];
  const on = (attempt: number) => instances[attempt % 2].getHttpServer();

  beforeAll(async () => {
    env.set({ AUTH_REGISTER_RATE_LIMIT: '3', AUTH_SIGNIN_FAILURES_PER_CLIENT: '4', AUTH_SIGNIN_FAILURES_PER_ACCOUNT: '3', AUTH_TOKEN_RATE_LIMIT: '100' });
    for (let index = 0; index < 2; index++) {
      const app = await createAuthApp();
      await readyApp(app);
      instances.push(app);
    }
  });

  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    env.restore();
  });

  const register = (attempt: number, from: string, username = uniqueName('limit')) =>
    request(on(attempt)).post('/api/users').set('X-Forwarded-For', from).send({ username, password: 'long enough password' });

  it('refuses the registrations of one client past the limit, on either instance, with Retry-After; another client registers', async () => {
    const flooder = client();
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await register(attempt, flooder)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await register(5, flooder);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await register(6, client())).status).toBe(201);
  });

  it('stops password spraying: one client failing across many names is refused, even with a right password', async () => {
    const victim = uniqueName('victim');
    await register(0, client(), victim).expect(201);
    const sprayer = client();
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await request(on(attempt)).get('/api/token').set('X-Forwarded-For', sprayer).set('Authorization', basic(uniqueName('guess'), 'Password1!'))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    const refused = await request(on(4)).get('/api/token').set('X-Forwarded-For', sprayer).set('Authorization', basic(victim, 'long enough password'));
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
    await request(on(5)).get('/api/token').set('X-Forwarded-For', client()).set('Authorization', basic(victim, 'long enough password')).expect(200);
  });

  it('protects one account from guesses spread over many clients', async () => {
    const target = uniqueName('target');
    await register(0, client(), target).expect(201);
    for (let attempt = 0; attempt < 3; attempt++) {
      await request(on(attempt)).get('/api/token').set('X-Forwarded-For', client()).set('Authorization', basic(target, `wrong guess ${attempt}`)).expect(401);
    }
    const refused = await request(on(3)).get('/api/token').set('X-Forwarded-For', client()).set('Authorization', basic(target, 'long enough password'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not affected.
    const other = uniqueName('other');
    await register(1, client(), other).expect(201);
    await request(on(4)).get('/api/token').set('X-Forwarded-For', client()).set('Authorization', basic(other, 'long enough password')).expect(200);
  });
});
