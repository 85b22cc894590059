import { ApiProperty } from '@nestjs/swagger';

export class AccessTokenDto {
  @ApiProperty({ description: 'RS256 JWT; send it as Authorization: Bearer <token>' })
  access_token: string;

  @ApiProperty({ example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expires_in: number;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z', description: 'When the token expires (ISO-8601)' })
  expiry: string;
}
