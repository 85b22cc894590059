import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { jwtSignConfig, jwtVerifyConfig } from '@app/config';
import { AccessTokenClaims, AuthUser } from '@app/auth';
import { AccessTokenDto } from './dto/access-token.dto';

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(jwtSignConfig.KEY) private readonly signing: ConfigType<typeof jwtSignConfig>,
    @Inject(jwtVerifyConfig.KEY) private readonly verifying: ConfigType<typeof jwtVerifyConfig>,
  ) {}

  async issue(user: AuthUser): Promise<AccessTokenDto> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresIn = this.signing.expiresInSeconds;
    const claims: AccessTokenClaims & { iat: number } = { sub: user.id, username: user.username, roles: user.roles, iat: issuedAt };
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.signing.privateKey,
      algorithm: 'RS256',
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
