import { defineConfig, EnvInt } from '@app/config';
import { IsInt, Max, Min } from 'class-validator';

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
}

/** Brute-force protection of GET /api/token: attempts per client address and username. */
export const authConfig = defineConfig('auth', AuthEnv, (env) => ({
  tokenRateLimit: env.AUTH_TOKEN_RATE_LIMIT,
  tokenRateWindowMs: env.AUTH_TOKEN_RATE_WINDOW_MS,
}));
