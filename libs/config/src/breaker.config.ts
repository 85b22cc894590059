import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvBool, EnvInt } from './env-transforms';

class BreakerEnv {
  // Off only to measure what the breakers cost (npm run bench): without them an outage is
  // waited out by every request instead of answered at once.
  @EnvBool() @IsBoolean() BREAKERS_ENABLED = true;

  // MongoDB: the driver's own server selection (MONGO_SERVER_SELECTION_TIMEOUT_MS) fails first;
  // this timeout only guards against a call that hangs past it.
  @EnvInt() @IsInt() @Min(100) @Max(120_000) BREAKER_MONGO_TIMEOUT_MS = 5000;
  @EnvInt() @IsInt() @Min(1) @Max(100) BREAKER_MONGO_ERROR_THRESHOLD_PERCENT = 50;
  @EnvInt() @IsInt() @Min(1) @Max(10_000) BREAKER_MONGO_VOLUME_THRESHOLD = 3;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) BREAKER_MONGO_RESET_MS = 3000;

  @EnvInt() @IsInt() @Min(100) @Max(120_000) BREAKER_POSTGRES_TIMEOUT_MS = 5000;
  @EnvInt() @IsInt() @Min(1) @Max(100) BREAKER_POSTGRES_ERROR_THRESHOLD_PERCENT = 50;
  @EnvInt() @IsInt() @Min(1) @Max(10_000) BREAKER_POSTGRES_VOLUME_THRESHOLD = 3;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) BREAKER_POSTGRES_RESET_MS = 3000;

  @EnvInt() @IsInt() @Min(100) @Max(120_000) BREAKER_KAFKA_TIMEOUT_MS = 3000;
  @EnvInt() @IsInt() @Min(1) @Max(100) BREAKER_KAFKA_ERROR_THRESHOLD_PERCENT = 50;
  @EnvInt() @IsInt() @Min(1) @Max(10_000) BREAKER_KAFKA_VOLUME_THRESHOLD = 3;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) BREAKER_KAFKA_RESET_MS = 5000;
}

export interface BreakerSettings {
  enabled: boolean;
  timeoutMs: number;
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeoutMs: number;
}

/** Circuit breaker thresholds, one set per dependency. */
export const breakerConfig = defineConfig('breakers', BreakerEnv, (env) => ({
  mongo: {
    enabled: env.BREAKERS_ENABLED,
    timeoutMs: env.BREAKER_MONGO_TIMEOUT_MS,
    errorThresholdPercentage: env.BREAKER_MONGO_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: env.BREAKER_MONGO_VOLUME_THRESHOLD,
    resetTimeoutMs: env.BREAKER_MONGO_RESET_MS,
  } satisfies BreakerSettings,
  postgres: {
    enabled: env.BREAKERS_ENABLED,
    timeoutMs: env.BREAKER_POSTGRES_TIMEOUT_MS,
    errorThresholdPercentage: env.BREAKER_POSTGRES_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: env.BREAKER_POSTGRES_VOLUME_THRESHOLD,
    resetTimeoutMs: env.BREAKER_POSTGRES_RESET_MS,
  } satisfies BreakerSettings,
  kafka: {
    enabled: env.BREAKERS_ENABLED,
    timeoutMs: env.BREAKER_KAFKA_TIMEOUT_MS,
    errorThresholdPercentage: env.BREAKER_KAFKA_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: env.BREAKER_KAFKA_VOLUME_THRESHOLD,
    resetTimeoutMs: env.BREAKER_KAFKA_RESET_MS,
  } satisfies BreakerSettings,
}));
