import { createPublicKey } from 'node:crypto';
import { keyIdOf, toPublicJwk, verificationKeys } from './signing-keys';

// RFC 7638 §3.1: the example key and its thumbprint.
const RFC_7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
};

describe('signing keys', () => {
  it("names a key by its RFC 7638 thumbprint (the RFC's own example)", () => {
    expect(keyIdOf(createPublicKey({ key: RFC_7638_KEY, format: 'jwk' }))).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('publishes a key as a JWK that reads back as the same key', () => {
    const pem = createPublicKey({ key: RFC_7638_KEY, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
    const [key] = verificationKeys([pem]);
    const jwk = toPublicJwk(key);
    expect(jwk).toEqual({ ...RFC_7638_KEY, kid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', alg: 'RS256', use: 'sig' });
    expect(keyIdOf(createPublicKey({ key: jwk as never, format: 'jwk' }))).toBe(jwk.kid);
  });
});
