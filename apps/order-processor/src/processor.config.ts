import { defineConfig, EnvInt } from '@app/config';
import { IsInt, Max, Min } from 'class-validator';

class ProcessorEnv {
  @EnvInt() @IsInt() @Min(1) @Max(64) PROCESSOR_PARTITION_CONCURRENCY = 3;
  @EnvInt() @IsInt() @Min(0) @Max(100) PROCESSOR_NOT_FOUND_RETRIES = 5;
  @EnvInt() @IsInt() @Min(10) @Max(60_000) PROCESSOR_RETRY_INITIAL_MS = 200;
  @EnvInt() @IsInt() @Min(100) @Max(600_000) PROCESSOR_RETRY_MAX_MS = 5000;
}

/** How the worker consumes and how it retries what failed. */
export const processorConfig = defineConfig('processor', ProcessorEnv, (env) => ({
  partitionConcurrency: env.PROCESSOR_PARTITION_CONCURRENCY,
  notFoundRetries: env.PROCESSOR_NOT_FOUND_RETRIES,
  retryInitialMs: env.PROCESSOR_RETRY_INITIAL_MS,
  retryMaxMs: env.PROCESSOR_RETRY_MAX_MS,
}));
