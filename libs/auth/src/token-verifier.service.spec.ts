import { generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
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
});
