import { IsInt, IsIP, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvInt, EnvString } from './env-transforms';

class HttpEnv {
  @EnvString()
  @IsIP(undefined, { message: 'HTTP_HOST must be an IP address to bind, e.g. 127.0.0.1 or 0.0.0.0' })
  HTTP_HOST = '127.0.0.1';

  @EnvString()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'HTTP_BODY_LIMIT must look like 100kb or 1mb' })
  HTTP_BODY_LIMIT = '100kb';

  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

/** One per app: each app reads its own port variable, so all three can share one .env. */
export function httpConfig(portVariable: string, defaultPort: number) {
  class PortEnv extends HttpEnv {
    constructor() {
      super();
      (this as unknown as Record<string, number>)[portVariable] = defaultPort;
    }
  }
  const portRules = [EnvInt(), IsInt({ message: `${portVariable} must be a port number` }), Min(1), Max(65_535)];
  for (const decorate of portRules) decorate(PortEnv.prototype, portVariable);

  return defineConfig('http', PortEnv, (env) => ({
    host: env.HTTP_HOST,
    port: (env as unknown as Record<string, number>)[portVariable],
    bodyLimit: env.HTTP_BODY_LIMIT.toLowerCase(),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  }));
}
