import { createPublicKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { jwtVerifyConfig } from '@app/config';
import { AccessTokenClaims, AuthUser } from './auth-user';

/**
 * Verifies access tokens with the public key only. The algorithm is pinned to RS256, so
 * `alg: none` and HS256 tokens "signed" with the public key as a shared secret are refused.
 */
@Injectable()
export class TokenVerifier {
  /** Parsed once: from a PEM string, jsonwebtoken would parse the key again for every token. */
  private readonly publicKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(jwtVerifyConfig.KEY) private readonly config: ConfigType<typeof jwtVerifyConfig>,
  ) {
    this.publicKey = createPublicKey(config.publicKey);
  }

  async verify(token: string): Promise<AuthUser | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        // jsonwebtoken takes a KeyObject; @nestjs/jwt's option type names only string | Buffer.
        publicKey: this.publicKey as unknown as string,
        algorithms: ['RS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
      });
      if (typeof claims.sub !== 'string' || typeof claims.username !== 'string') return undefined;
      return { id: claims.sub, username: claims.username };
    } catch {
      return undefined;
    }
  }
}
