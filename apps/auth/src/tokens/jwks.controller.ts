import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PublicJwk, toPublicJwk, TokenVerifier } from '@app/auth';

class PublicJwkDto implements PublicJwk {
  @ApiProperty({ enum: ['RSA'] }) kty: 'RSA';
  @ApiProperty({ description: 'The modulus, base64url' }) n: string;
  @ApiProperty({ example: 'AQAB' }) e: string;
  @ApiProperty({ description: "The key's RFC 7638 thumbprint: the `kid` of the tokens it verifies" }) kid: string;
  @ApiProperty({ enum: ['RS256'] }) alg: 'RS256';
  @ApiProperty({ enum: ['sig'] }) use: 'sig';
}

class JwksDto {
  @ApiProperty({ type: [PublicJwkDto] }) keys: PublicJwkDto[];
}

/**
 * The public keys tokens are verified with, as a JSON Web Key Set: the current one, and during
 * a rotation the previous one, so a verifier that fetches them follows a rotation by itself.
 */
@ApiTags('tokens')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly verifier: TokenVerifier) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: "The public keys of the tokens' signatures (JWKS); a token's `kid` names its key" })
  @ApiOkResponse({ type: JwksDto })
  jwks(): JwksDto {
    return { keys: this.verifier.keys.map(toPublicJwk) };
  }
}
