import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { AuthUser, CurrentUser } from '@app/auth';
import { BasicAuthGuard } from './basic-auth.guard';
import { AccessTokenDto } from './dto/access-token.dto';
import { TokenThrottlerGuard } from './token-throttler.guard';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller('api/token')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  // Throttling runs first, so a brute-force run is refused before any password is checked.
  @UseGuards(TokenThrottlerGuard, BasicAuthGuard)
  @ApiBasicAuth('basic')
  @ApiOperation({ summary: 'Trade username and password (HTTP Basic) for a short-lived RS256 access token' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.INVALID_CREDENTIALS, with WWW-Authenticate: Basic' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'REQUEST.RATE_LIMITED, with Retry-After (seconds): too many token requests for this user name from this client, or too many failed sign-ins from this client or for this account',
  })
  issue(@CurrentUser() user: AuthUser): Promise<AccessTokenDto> {
    return this.tokens.issue(user);
  }
}
