import { createPublicKey } from 'node:crypto';
import { verify } from 'jsonwebtoken';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import request from 'supertest';
import { TokenVerifier } from '@app/auth';
import { AUDIENCE, authAppUnderTest, basic, ISSUER, uniqueName } from './auth-app.fixture';

describe('auth app (e2e)', () => {
  const auth = authAppUnderTest();
  const { register, tokenFor } = auth;

  describe('POST /api/users', () => {
    it('registers a user and stores only an argon2id hash', async () => {
      const { username, password, response } = await register(uniqueName('Ada.'));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), username, roles: [] });

      const stored = await auth.app.get<Connection>(getConnectionToken()).collection('users').findOne({ username });
      expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(stored)).not.toContain(password);
      expect(stored?.usernameNormalized).toBe(username.toLowerCase());
    });

    it('refuses a duplicate and a case variant with 409 USER.ALREADY_EXISTS', async () => {
      const { username } = await register(uniqueName('Grace'));
      for (const again of [username, username.toUpperCase(), username.toLowerCase()]) {
        const response = await request(auth.http).post('/api/users').send({ username: again, password: 'another password' });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ statusCode: 409, code: 'USER.ALREADY_EXISTS', correlationId: expect.any(String) });
      }
    });

    it('gives exactly one 201 and nine 409s to ten concurrent registrations of one name', async () => {
      const username = uniqueName('race');
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          request(auth.http)
            .post('/api/users')
            .send({ username: index % 2 ? username.toUpperCase() : username, password: 'password-1234' }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      const count = await auth.app
        .get<Connection>(getConnectionToken())
        .collection('users')
        .countDocuments({ usernameNormalized: username.toLowerCase() });
      expect(count).toBe(1);
    });

    const invalidBodies: [string, unknown][] = [
      ['an empty object', {}],
      ['a missing password', { username: 'someone' }],
      ['a missing username', { password: 'long enough password' }],
      ['a too short username', { username: 'ab', password: 'long enough password' }],
      ['a too long username', { username: 'a'.repeat(65), password: 'long enough password' }],
      ['a username with a space', { username: 'ada lovelace', password: 'long enough password' }],
      ['a username with a colon', { username: 'ada:lovelace', password: 'long enough password' }],
      ['a username with an operator', { username: { $ne: 'x' }, password: 'long enough password' }],
      ['a numeric username', { username: 12345, password: 'long enough password' }],
      ['a too short password', { username: 'someone', password: 'short' }],
      ['a too long password', { username: 'someone', password: 'p'.repeat(129) }],
      ['a password array', { username: 'someone', password: ['long enough password'] }],
      ['a null password', { username: 'someone', password: null }],
      ['an unknown field', { username: 'someone', password: 'long enough password', admin: true }],
      ['a $-prefixed field', { username: 'someone', password: 'long enough password', $where: '1' }],
      ['a __proto__ field', JSON.parse('{"username":"someone","password":"long enough password","__proto__":{"admin":true}}')],
      ['an array body', [{ username: 'someone', password: 'long enough password' }]],
      ['a string body', 'someone'],
      ['a null body', null],
    ];

    it.each(invalidBodies)('answers 400 with field errors for %s', async (_label, body) => {
      const response = await request(auth.http)
        .post('/api/users')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^(VALIDATION\.FAILED|REQUEST\.)/) });
      expect(response.body.correlationId).toEqual(expect.any(String));
    });

    it('answers 400 REQUEST.MALFORMED_JSON for broken JSON', async () => {
      const response = await request(auth.http).post('/api/users').set('Content-Type', 'application/json').send('{"username": "x",');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.MALFORMED_JSON');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await request(auth.http).post('/api/users').set('Content-Type', 'text/plain').send('username=x');
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 for an oversized body', async () => {
      const response = await request(auth.http)
        .post('/api/users')
        .send({ username: 'someone', password: 'x'.repeat(200_000) });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('REQUEST.BODY_TOO_LARGE');
    });
  });

  describe('GET /api/token', () => {
    it('issues an RS256 token that the shared verifier and guard accept', async () => {
      const { username, password, response: registered } = await register();
      const response = await request(auth.http).get('/api/token').set('Authorization', basic(username, password)).expect(200);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        expiry: expect.any(String),
      });
      const expiry = Date.parse(response.body.expiry);
      expect(Math.abs(expiry - (Date.now() + 3600_000))).toBeLessThan(10_000);

      const [header, payload] = (response.body.access_token as string)
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
      expect(header.alg).toBe('RS256');
      expect(payload).toMatchObject({ sub: registered.body.id, username, iss: ISSUER, aud: AUDIENCE });
      expect(payload.exp - payload.iat).toBe(3600);

      await expect(auth.app.get(TokenVerifier).verify(response.body.access_token)).resolves.toEqual({
        id: registered.body.id,
        username,
        roles: [],
      });
      await request(auth.http)
        .get('/api/users/me')
        .set('Authorization', `Bearer ${response.body.access_token}`)
        .expect(200, { id: registered.body.id, username, roles: [] });
    });

    it('signs in with a password that holds colons (RFC 7617: the user-pass splits at the first colon)', async () => {
      const { username, password, response } = await register(uniqueName('colon'), 'abc:defgh1:x');
      expect(response.status).toBe(201);
      await tokenFor(username, password);
      await request(auth.http).get('/api/token').set('Authorization', basic(username, 'abc')).expect(401);
    });

    it('names its signing key in every token (kid) and publishes it in the JWKS, which verifies the token', async () => {
      const { username, password } = await register();
      const token = await tokenFor(username, password);
      const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
      const jwks = await request(auth.http).get('/.well-known/jwks.json').expect(200);
      expect(jwks.headers['cache-control']).toBe('public, max-age=300');
      expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'RSA', kid: header.kid, alg: 'RS256', use: 'sig' })]);
      const published = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' });
      expect(() => verify(token, published, { algorithms: ['RS256'] })).not.toThrow();
      expect(JSON.stringify(jwks.body)).not.toMatch(/"d"|PRIVATE/);
    });

    it('accepts the username in another case and answers with the registered spelling', async () => {
      const { username, password } = await register(uniqueName('MixedCase'));
      const token = await tokenFor(username.toLowerCase(), password);
      const me = await request(auth.http).get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.username).toBe(username);
    });

    it('answers a wrong password, an unknown user and a bad header alike: 401 with a Basic challenge', async () => {
      const { username } = await register();
      const attempts = [
        basic(username, 'wrong password!'),
        basic(uniqueName('nobody'), 'whatever password'),
        'Basic not-base64!!',
        `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
        // A NUL or another control character in the user name was a 500 (the store refused it).
        basic(`${username}\u0000`, 'whatever password'),
        basic('ad\u0001min', 'whatever password'),
        'Bearer abc.def.ghi',
        undefined,
      ];
      const bodies = [];
      for (const authorization of attempts) {
        const call = request(auth.http).get('/api/token');
        const response = await (authorization ? call.set('Authorization', authorization) : call);
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Basic realm="retail-order-platform"/);
        const { correlationId, ...rest } = response.body;
        expect(correlationId).toEqual(expect.any(String));
        bodies.push(rest);
      }
      expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
      expect(bodies[0]).toEqual({ statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Invalid username or password' });
    });

    it('takes about as long for an unknown user as for a wrong password', async () => {
      const { username } = await register();
      const time = async (authorization: string) => {
        const started = process.hrtime.bigint();
        await request(auth.http).get('/api/token').set('Authorization', authorization).expect(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const wrongPassword: number[] = [];
      const unknownUser: number[] = [];
      for (let round = 0; round < 3; round++) {
        wrongPassword.push(await time(basic(username, `wrong password ${round}`)));
        unknownUser.push(await time(basic(uniqueName('ghost'), 'wrong password')));
      }
      // Both pay for one argon2id verification; without the decoy hash an unknown user answers in ~1 ms.
      const ratio = median(unknownUser) / median(wrongPassword);
      expect(ratio).toBeGreaterThan(0.4);
      expect(ratio).toBeLessThan(2.5);
    });

    it('throttles a brute-force run with 429 and Retry-After, per username', async () => {
      const { username, password } = await register();
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let attempt = 0; attempt < 12; attempt++) {
        const response = await request(auth.http).get('/api/token').set('Authorization', basic(username, `guess-${attempt}-pw`));
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers['retry-after'];
          expect(response.body.code).toBe('REQUEST.RATE_LIMITED');
        }
      }
      expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
      expect(statuses.slice(8)).toEqual(Array(4).fill(429));
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Even the right password is refused while throttled; another user is not affected.
      await request(auth.http).get('/api/token').set('Authorization', basic(username, password)).expect(429);
      const other = await register();
      await request(auth.http).get('/api/token').set('Authorization', basic(other.username, other.password)).expect(200);
    });
  });
});
