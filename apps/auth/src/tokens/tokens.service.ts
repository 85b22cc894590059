import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { jwtSignConfig, jwtVerifyConfig } from '@app/config';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { AccessTokenClaims, AuthUser, keyIdOf } from '@app/auth';
import { AccessTokenDto } from './dto/access-token.dto';

@Injectable()
export class TokensService {
  /** The id of the key tokens are signed with: the current public key's thumbprint. */
  private readonly keyId: string;

  constructor(
    private readonly jwt: JwtService,
    @Inject(jwtSignConfig.KEY) private readonly signing: ConfigType<typeof jwtSignConfig>,
    @Inject(jwtVerifyConfig.KEY) private readonly verifying: ConfigType<typeof jwtVerifyConfig>,
  ) {
    const signingKey = createPrivateKey(signing.privateKey);
    this.keyId = keyIdOf(createPublicKey(signingKey));
    // A private key whose public half is not the published one would sign tokens nobody accepts.
    if (this.keyId !== keyIdOf(createPublicKey(verifying.publicKey))) {
      throw new Error('JWT_PRIVATE_KEY does not match JWT_PUBLIC_KEY: auth would sign tokens that no app accepts');
    }
  }

  async issue(user: AuthUser): Promise<AccessTokenDto> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresIn = this.signing.expiresInSeconds;
    const claims: AccessTokenClaims & { iat: number } = { sub: user.id, username: user.username, roles: user.roles, iat: issuedAt };
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.signing.privateKey,
      algorithm: 'RS256',
      keyid: this.keyId,
      expiresIn,
      issuer: this.verifying.issuer,
      audience: this.verifying.audience,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      expiry: new Date((issuedAt + expiresIn) * 1000).toISOString(),
    };
  }
}
