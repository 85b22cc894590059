import { IsInt, IsIP, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvInt, EnvString } from './env-transforms';

const TRUST_PROXY_ENTRY = '(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:/]+)';
const TRUST_PROXY_PATTERN = new RegExp(`^(?:false|${TRUST_PROXY_ENTRY}(?:\\s*,\\s*${TRUST_PROXY_ENTRY})*)$`);
const DEFAULT_TRUST_PROXY = 'loopback';

const DEFAULT_TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000 };

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

  // A client must send its headers, then its whole request, within these (a slow-loris one
  // byte at a time held a connection for ever); the server answers 408 and closes.
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = DEFAULT_TIMEOUTS.headersTimeoutMs;

  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = DEFAULT_TIMEOUTS.requestTimeoutMs;

  // Longer than the gateway's upstream keep-alive, so the app never closes a connection nginx
  // is about to reuse.
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = DEFAULT_TIMEOUTS.keepAliveTimeoutMs;

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

export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * The HTTP server's timeouts, read when it is built (like trustProxyFromEnv); validated at boot
 * with the rest, so a value out of range stops the app with the others' messages. The headers'
 * timeout never exceeds the request's (Node refuses that).
 */
export function httpTimeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): HttpTimeouts {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value >= 1000 ? value : fallback;
  };
  const requestTimeoutMs = read('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestTimeoutMs);
  return {
    headersTimeoutMs: Math.min(read('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_TIMEOUTS.headersTimeoutMs), requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs: read('HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_TIMEOUTS.keepAliveTimeoutMs),
  };
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
