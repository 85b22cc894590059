import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { keyIdOf } from './signing-keys';
import { TokenVerifier } from './token-verifier.service';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const config = { publicKey, issuer: 'test-issuer', audience: 'test-audience' };

function setup() {
  const jwt = new JwtService({});
  const verifier = new TokenVerifier(jwt, config as never);
  const verifyAsync = jest.spyOn(jwt, 'verifyAsync');
  const sign = (expiresIn: number, claims: object = { sub: 'u1', username: 'ada' }) =>
    jwt.sign(claims, { privateKey, algorithm: 'RS256', expiresIn, issuer: config.issuer, audience: config.audience });
  return { verifier, verifyAsync, sign };
}

describe('TokenVerifier', () => {
  it('verifies a token once and answers its repeats from memory', async () => {
    const { verifier, verifyAsync, sign } = setup();
    const token = sign(3600);
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'u1', username: 'ada', roles: [] });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'u1', username: 'ada', roles: [] });
    expect(verifyAsync).toHaveBeenCalledTimes(1);
  });

  it('never remembers a token that failed, and a changed signature is verified anew', async () => {
    const { verifier, verifyAsync, sign } = setup();
    const token = sign(3600);
    await verifier.verify(token);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(tampered)).resolves.toBeUndefined();
    await expect(verifier.verify(tampered)).resolves.toBeUndefined();
    expect(verifyAsync).toHaveBeenCalledTimes(3);
  });

  it('stops answering a remembered token once it has expired', async () => {
    const { verifier, verifyAsync, sign } = setup();
    const token = sign(1);
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'u1', username: 'ada', roles: [] });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(verifier.verify(token)).resolves.toBeUndefined();
    expect(verifyAsync).toHaveBeenCalledTimes(2);
  });

  it('carries the roles it knows and drops the ones it does not', async () => {
    const { verifier, sign } = setup();
    const token = sign(3600, { sub: 'u1', username: 'ada', roles: ['admin', 'superuser', 7] });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'u1', username: 'ada', roles: ['admin'] });
  });

  it('refuses a token without the claims an AuthUser needs', async () => {
    const { verifier, sign } = setup();
    await expect(verifier.verify(sign(3600, { sub: 'u1' }))).resolves.toBeUndefined();
  });

  describe('during a key rotation', () => {
    const pair = () =>
      generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const [next, stranger] = [pair(), pair()];
    const kid = (pem: string) => keyIdOf(createPublicKey(pem));
    const jwt = new JwtService({});
    const rotating = new TokenVerifier(jwt, { ...config, publicKey: next.publicKey, previousPublicKey: publicKey } as never);
    const signed = (key: string, keyid?: string) =>
      jwt.sign({ sub: 'u1', username: 'ada' }, { privateKey: key, algorithm: 'RS256', expiresIn: 600, issuer: config.issuer, audience: config.audience, ...(keyid ? { keyid } : {}) });

    it('accepts tokens of the current and of the previous key, each by its kid', async () => {
      await expect(rotating.verify(signed(next.privateKey, kid(next.publicKey)))).resolves.toMatchObject({ id: 'u1' });
      await expect(rotating.verify(signed(privateKey, kid(publicKey)))).resolves.toMatchObject({ id: 'u1' });
      expect(rotating.keys.map((key) => key.kid)).toEqual([kid(next.publicKey), kid(publicKey)]);
    });

    it('refuses a token of another key, a kid it does not know, and a kid that names the wrong key', async () => {
      await expect(rotating.verify(signed(stranger.privateKey, kid(stranger.publicKey)))).resolves.toBeUndefined();
      await expect(rotating.verify(signed(next.privateKey, 'no-such-key'))).resolves.toBeUndefined();
      await expect(rotating.verify(signed(stranger.privateKey, kid(next.publicKey)))).resolves.toBeUndefined();
    });

    it('checks a token without a kid (issued before keys had ids) against the current key only', async () => {
      await expect(rotating.verify(signed(next.privateKey))).resolves.toMatchObject({ id: 'u1' });
      await expect(rotating.verify(signed(privateKey))).resolves.toBeUndefined();
    });
  });
});
