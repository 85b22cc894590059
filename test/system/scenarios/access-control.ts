import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sign } from 'jsonwebtoken';
import { call, orderBody, registerUser } from '../client';
import { Scenario, Tally } from '../scenario';
import { ROOT } from '../stack';

const ISSUER = 'retail-order-platform/auth';
const AUDIENCE = 'retail-order-platform';

export const accessControl: Scenario = {
  name: 'access control',
  async run() {
    const tally = new Tally();
    const broken: string[] = [];
    const alice = await registerUser('alice');
    const bob = await registerUser('bob');
    const expect = (what: string, status: number, actual: number) => {
      if (actual !== status) broken.push(`${what}: expected ${status}, got ${actual}`);
    };

    const placed = tally.record(await call('orders', 'POST', '/order', { token: alice.token, body: orderBody() }));
    expect('alice places an order', 201, placed.status);
    const orderid = String(placed.body?.orderid);
    expect('bob reads alice’s order', 404, tally.record(await call('orders', 'GET', `/orderdetails?orderid=${orderid}`, { token: bob.token })).status);
    expect('bob lists alice’s orders', 403, tally.record(await call('orders', 'GET', `/orderdetails?userid=${alice.id}`, { token: bob.token })).status);
    expect('bob orders as alice', 403, tally.record(await call('orders', 'POST', '/order', { token: bob.token, body: { ...orderBody(), userid: alice.id } })).status);

    const key = readFileSync(resolve(ROOT, 'certs', 'jwt-private.pem'), 'utf8');
    const publicKey = readFileSync(resolve(ROOT, 'certs', 'jwt-public.pem'), 'utf8');
    const claims = { sub: alice.id, username: alice.username };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const good = sign(claims, key, { algorithm: 'RS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 });
    const forged: [string, string][] = [
      ['expired', sign(claims, key, { algorithm: 'RS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: -5 })],
      ['tampered', `${good.split('.')[0]}.${encode({ ...claims, sub: bob.id, iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.${good.split('.')[2]}`],
      ['alg none', `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`],
      ['HS/RS confusion', sign(claims, publicKey, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 })],
      ['other issuer', sign(claims, key, { algorithm: 'RS256', issuer: 'evil', audience: AUDIENCE, expiresIn: 600 })],
    ];
    for (const [what, token] of forged) {
      expect(`${what} token`, 401, tally.record(await call('orders', 'GET', `/orderdetails?orderid=${orderid}`, { token })).status);
    }

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 15; attempt++) {
      const basic = Buffer.from(`${alice.username}:wrong-password-${attempt}`).toString('base64');
      statuses.push(tally.record(await call('auth', 'GET', '/api/token', { basic })).status);
    }
    if (!statuses.includes(429)) broken.push(`brute force never throttled: ${statuses.join(',')}`);
    return tally.result({ broken, notes: [`brute force: ${statuses.filter((status) => status === 429).length}/15 throttled`] });
  },
};
