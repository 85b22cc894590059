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

  // The administrator created at start: both or neither (there is no built-in one).
  @ValidateIf(adminConfigured)
  @EnvString() @IsString() @MinLength(3) @MaxLength(64) @Matches(/^[A-Za-z0-9._-]+$/)
  ADMIN_USERNAME?: string;

  @ValidateIf(adminConfigured)
  @IsString() @MinLength(8) @MaxLength(128) @IsProductionSecret()
  ADMIN_PASSWORD?: string;
}

/** Brute-force protection of GET /api/token: attempts per client address and username. */
export const authConfig = defineConfig('auth', AuthEnv, (env) => ({
  tokenRateLimit: env.AUTH_TOKEN_RATE_LIMIT,
  tokenRateWindowMs: env.AUTH_TOKEN_RATE_WINDOW_MS,
  admin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
}));
