import { createHash, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';

/** A public key a token may be signed for, with the id tokens name it by (the JWT header's `kid`). */
export interface VerificationKey {
  kid: string;
  key: KeyObject;
}

/** An RSA public key as a JWKS lists it. */
export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

/**
 * The key's RFC 7638 thumbprint: SHA-256 of its required members in lexicographic order. The
 * same key gets the same id on every instance and every start, with nothing to configure.
 */
export function keyIdOf(key: KeyObject): string {
  const { e, kty, n } = key.export({ format: 'jwk' }) as JsonWebKey;
  return createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
}

/** The keys a verifier accepts: the current one first, then the previous (during a rotation). */
export function verificationKeys(pems: string[]): VerificationKey[] {
  return pems.map((pem) => {
    const key = createPublicKey(pem);
    return { kid: keyIdOf(key), key };
  });
}

export function toPublicJwk({ kid, key }: VerificationKey): PublicJwk {
  const { n, e } = key.export({ format: 'jwk' }) as JsonWebKey;
  return { kty: 'RSA', n: n as string, e: e as string, kid, alg: 'RS256', use: 'sig' };
}
