import { IsInt, IsIP, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvInt, EnvString } from './env-transforms';

const TRUST_PROXY_ENTRY = '(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:/]+)';
const TRUST_PROXY_PATTERN = new RegExp(`^(?:false|${TRUST_PROXY_ENTRY}(?:\\s*,\\s*${TRUST_PROXY_ENTRY})*)$`);
const DEFAULT_TRUST_PROXY = 'loopback';

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

  @EnvString()
  @Matches(TRUST_PROXY_PATTERN, { message: 'HTTP_TRUST_PROXY must be false, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDR ranges' })
  HTTP_TRUST_PROXY = DEFAULT_TRUST_PROXY;
}

/**
 * Whose X-Forwarded-For an app believes (Fastify's `trustProxy`): the gateway's. Read when the
 * HTTP server is built, before the config module exists; validated with the rest at boot.
 * The default trusts loopback only: the apps bind 127.0.0.1 unless told otherwise, so a direct
 * caller is a local process, and the gateway on this machine passes on the client's address.
 */
export function trustProxyFromEnv(value = process.env.HTTP_TRUST_PROXY ?? DEFAULT_TRUST_PROXY): string | false {
  const setting = value.trim();
  if (setting === 'false' || !TRUST_PROXY_PATTERN.test(setting)) return false;
  return setting;
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
