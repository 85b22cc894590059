import { IsIn, IsOptional, IsString } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvString } from './env-transforms';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class LoggingEnv {
  @EnvString()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @EnvString()
  @IsOptional()
  @IsString()
  LOG_FILE?: string;
}

export const loggingConfig = defineConfig('logging', LoggingEnv, (env) => ({ level: env.LOG_LEVEL, file: env.LOG_FILE }));
