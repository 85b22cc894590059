import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiUnauthorizedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { BodySchema, ErrorResponseDto } from '@app/common';
import { RegisteredUserDto, RegisterUserDto, RegisterUserSchema } from './dto/register-user.dto';
import { RegistrationThrottleGuard } from '../attempts/registration-throttle.guard';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  // Before the body is hashed: a flood of registrations costs a count, not an argon2id hash each.
  @UseGuards(RegistrationThrottleGuard)
  @ApiOperation({ summary: 'Register a user; the password is stored only as an argon2id hash' })
  @BodySchema(RegisterUserSchema)
  @ApiCreatedResponse({ type: RegisteredUserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION.FAILED, REQUEST.MALFORMED_JSON' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'USER.ALREADY_EXISTS (case-insensitive)' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Body is not JSON' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'REQUEST.RATE_LIMITED: too many registrations from this client, with Retry-After (seconds)' })
  register(@Body() body: RegisterUserDto): Promise<RegisteredUserDto> {
    return this.users.register(body.username, body.password);
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Who the Bearer token speaks for' })
  @ApiOkResponse({ type: RegisteredUserDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN' })
  me(@CurrentUser() user: AuthUser): RegisteredUserDto {
    return { id: user.id, username: user.username, roles: user.roles };
  }
}
