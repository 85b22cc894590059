import { defineConfig, EnvInt, EnvString, IsProductionSecret } from '@app/config';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const adminConfigured = (env: AuthEnv) => env.ADMIN_USERNAME !== undefined || env.ADMIN_PASSWORD !== undefined;

class AuthEnv {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  AUTH_TOKEN_RATE_LIMIT = 10;

  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  AUTH_TOKEN_RATE_WINDOW_MS = 60_000;

  // Registrations per client address in the window: each costs an argon2id hash.
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) AUTH_REGISTER_RATE_LIMIT = 20;
  @EnvInt() @IsInt() @Min(1000) @Max(86_400_000) AUTH_REGISTER_RATE_WINDOW_MS = 3_600_000;

  // Failed sign-ins in the window per client address (across user names: password spraying) and
  // per account (across clients); past either, token requests get 429 until the window moves on.
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) AUTH_SIGNIN_FAILURES_PER_CLIENT = 30;
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) AUTH_SIGNIN_FAILURES_PER_ACCOUNT = 20;
  @EnvInt() @IsInt() @Min(1000) @Max(86_400_000) AUTH_SIGNIN_FAILURE_WINDOW_MS = 900_000;

  // The administrator created at start: both or neither (there is no built-in one).
  @ValidateIf(adminConfigured)
  @EnvString() @IsString() @MinLength(3) @MaxLength(64) @Matches(/^[A-Za-z0-9._-]+$/)
  ADMIN_USERNAME?: string;

  @ValidateIf(adminConfigured)
  @IsString() @MinLength(8) @MaxLength(128) @IsProductionSecret()
  ADMIN_PASSWORD?: string;
}

/** The administrator, and the limits of registration and sign-in (attempts/attempt-limiter.ts). */
export const authConfig = defineConfig('auth', AuthEnv, (env) => ({
  tokenRateLimit: env.AUTH_TOKEN_RATE_LIMIT,
  tokenRateWindowMs: env.AUTH_TOKEN_RATE_WINDOW_MS,
  registrationLimit: env.AUTH_REGISTER_RATE_LIMIT,
  registrationWindowMs: env.AUTH_REGISTER_RATE_WINDOW_MS,
  failuresPerClient: env.AUTH_SIGNIN_FAILURES_PER_CLIENT,
  failuresPerAccount: env.AUTH_SIGNIN_FAILURES_PER_ACCOUNT,
  failureWindowMs: env.AUTH_SIGNIN_FAILURE_WINDOW_MS,
  admin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
}));
