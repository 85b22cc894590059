import { readFileSync } from 'node:fs';
import { getConnectionToken } from '@nestjs/mongoose';
import { sign } from 'jsonwebtoken';
import { Connection } from 'mongoose';
import request from 'supertest';
import { AdminBootstrap } from '@apps/auth/users/admin-bootstrap';
import { AdminPasswordMismatchError } from '@apps/auth/users/users.errors';
import { UsersService } from '@apps/auth/users/users.service';
import { AUDIENCE, authAppUnderTest, basic, ISSUER, privateKey, publicKey, uniqueName } from './auth-app.fixture';

describe('auth app: the administrator, refused tokens, the log (e2e)', () => {
  const auth = authAppUnderTest();
  const { adminName, adminPassword, logFile, register, tokenFor } = auth;

  describe('the administrator of ADMIN_USERNAME / ADMIN_PASSWORD', () => {
    it('exists at start with the admin role, which its token carries', async () => {
      const token = await tokenFor(adminName, adminPassword);
      const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      expect(payload.roles).toEqual(['admin']);
      const me = await request(auth.http).get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ username: adminName, roles: ['admin'] });
    });

    it('is not created twice and keeps its password when auth starts again', async () => {
      // What a second start (or a second instance) runs.
      await auth.app.get(AdminBootstrap).onApplicationBootstrap();
      const users = auth.app.get<Connection>(getConnectionToken()).collection('users');
      expect(await users.countDocuments({ usernameNormalized: adminName.toLowerCase() })).toBe(1);
      await tokenFor(adminName, adminPassword);
    });

    it('is not given to a user who registered the name first: auth refuses to start instead', async () => {
      const squatter = await register(uniqueName('admin-squat'), 'the squatter password');
      expect(squatter.response.status).toBe(201);
      const users = auth.app.get(UsersService);
      await expect(users.ensureAdmin(squatter.username, 'the configured admin password')).rejects.toThrow(AdminPasswordMismatchError);
      const stored = await auth.app.get<Connection>(getConnectionToken()).collection('users').findOne({ username: squatter.username });
      expect(stored?.roles).toEqual([]);
      const token = await tokenFor(squatter.username, 'the squatter password');
      expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).roles).toEqual([]);
      // With that user's own password the operator does mean that user: it is given the role.
      await expect(users.ensureAdmin(squatter.username, 'the squatter password')).resolves.toBe('exists');
    });

    it('cannot be registered over: the name is taken', async () => {
      const { response } = await register(adminName.toUpperCase(), 'another password');
      expect(response.status).toBe(409);
    });
  });

  describe('tokens the shared guard refuses', () => {
    let userId: string;
    let username: string;

    beforeAll(async () => {
      const registered = await register();
      userId = registered.response.body.id;
      username = registered.username;
    });

    const claims = () => ({ sub: userId, username });
    const rs256 = (options: object, payload: object = claims()) =>
      sign(payload, privateKey(), { algorithm: 'RS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600, ...options });
    const unsigned = () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims(), iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 })}.`;
    };
    const tamper = (token: string) => {
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...claims(), sub: 'someone-else', iss: ISSUER, aud: AUDIENCE, exp: 4102444800 })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    };

    const cases: [string, () => string][] = [
      ['an expired token', () => rs256({ expiresIn: -10 })],
      ['a token from another issuer', () => rs256({ issuer: 'someone-else' })],
      ['a token for another audience', () => rs256({ audience: 'another-api' })],
      ['an alg:none token', unsigned],
      ['an HS256 token signed with the public key as secret', () =>
        sign(claims(), publicKey(), { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 })],
      ['a tampered payload', () => tamper(rs256({}))],
      ['a tampered signature', () => {
        const token = rs256({});
        return `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      }],
      ['a token without a subject', () => rs256({}, { username })],
      ['garbage', () => 'not-a-jwt'],
    ];

    it('accepts a well-formed token signed by the private key (the control case)', async () => {
      await request(auth.http).get('/api/users/me').set('Authorization', `Bearer ${rs256({})}`).expect(200, { id: userId, username, roles: [] });
    });

    it.each(cases)('refuses %s with 401 AUTH.INVALID_TOKEN', async (_label, makeToken) => {
      const response = await request(auth.http).get('/api/users/me').set('Authorization', `Bearer ${makeToken()}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.INVALID_TOKEN');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="retail-order-platform", error="invalid_token"/);
    });

    it('refuses a request without a token with 401 AUTH.MISSING_TOKEN', async () => {
      const response = await request(auth.http).get('/api/users/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.MISSING_TOKEN');
    });
  });

  it('never writes a password, a hash or a token to the log', async () => {
    const password = `Secret-${uniqueName('pw')}`;
    const { username, response } = await register(uniqueName('logged'), password);
    expect(response.status).toBe(201);
    const token = await tokenFor(username, password);
    await request(auth.http).get('/api/token').set('Authorization', basic(username, `${password}-wrong`)).expect(401);
    await request(auth.http).get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    await request(auth.http).post('/api/users').send({ username: 'x', password }).expect(400);
    const stored = await auth.app.get<Connection>(getConnectionToken()).collection('users').findOne({ username });

    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('"url":"/api/token"');
    expect(log).toContain(username.length > 0 ? '"statusCode":401' : '');
    for (const secret of [password, stored?.passwordHash as string, token, token.split('.')[2], Buffer.from(`${username}:${password}`).toString('base64')]) {
      expect(log).not.toContain(secret);
    }
  });
});
