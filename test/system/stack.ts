import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '..', '..');
const LOGS = resolve(ROOT, '.infra', 'logs');

export type AppName = 'auth' | 'orders' | 'order-processor' | 'catalog' | 'billing';
export const PORTS: Record<AppName, number> = { auth: 4101, orders: 4100, 'order-processor': 4102, catalog: 4103, billing: 4104 };
const PORT_VARIABLE: Record<AppName, string> = {
  auth: 'AUTH_PORT',
  orders: 'ORDERS_PORT',
  'order-processor': 'ORDER_PROCESSOR_PORT',
  catalog: 'CATALOG_PORT',
  billing: 'BILLING_PORT',
};

export const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
export const database = `rop_system_test_${runId}`;
export const topicPrefix = `system-${runId}.`;
export const mongoUri = `mongodb://127.0.0.1:27017/${database}`;
/** The catalog's database of a run: created by the runner (test/e2e/postgres.ts), dropped after. */
export const catalogDatabaseUrl = (stem: string, id = runId) => `postgres://postgres@127.0.0.1:55432/catalog_${stem}_test_${id}`;
/** Billing's database of a run, likewise. */
export const billingDatabaseUrl = (stem: string, id = runId) => `postgres://postgres@127.0.0.1:55432/billing_${stem}_test_${id}`;
export const PAYMENT_PROVIDER_URL = process.env.PAYMENT_PROVIDER_URL ?? 'http://127.0.0.1:12180';

/** A stack whose orders are paid: billing's settings (its database, the stand-in, short job intervals). */
export function paymentsEnv(stem: string): NodeJS.ProcessEnv {
  return {
    PAYMENTS_ENABLED: 'true',
    BILLING_DATABASE_URL: billingDatabaseUrl(stem),
    STRIPE_SECRET_KEY: `sk_test_${stem}_${runId}`,
    PAYMENT_PROVIDER_URL,
    PAYMENT_PROVIDER_TIMEOUT_MS: '2000',
    CHARGE_INTERVAL_MS: '100',
    CHARGE_RETRY_MAX_MS: '2000',
    COMPENSATION_INTERVAL_MS: '1000',
    BILLING_RELAY_INTERVAL_MS: '200',
  };
}

export interface StackOptions {
  /** Only the apps given a port can be started. */
  ports: Partial<Record<AppName, number>>;
  mongoUri: string;
  /** The catalog's database; needed only to start the catalog. */
  catalogDatabaseUrl?: string;
  topicPrefix: string;
  /** Names the log files: .infra/logs/<logStem>-<app>.log */
  logStem: string;
  /** Overrides of the env below, per app or for all. */
  env?: (app: AppName) => NodeJS.ProcessEnv;
  /** Extra node flags per app, e.g. --cpu-prof (not allowed in NODE_OPTIONS). */
  nodeFlags?: (app: AppName) => string[];
  /** Runs apps/<app>/src/main.ts through ts-node instead of the build output (a Jest suite needs no build). */
  fromSource?: boolean;
}

export const SYSTEM_STACK: StackOptions = {
  ports: PORTS,
  mongoUri,
  topicPrefix,
  logStem: 'system',
  catalogDatabaseUrl: catalogDatabaseUrl('system'),
  // The administrator the catalog scenarios write with (test/system/scenarios/catalog.ts); every order paid.
  env: () => ({ ADMIN_USERNAME: 'system-admin', ADMIN_PASSWORD: 'system admin password', ...paymentsEnv('system') }),
};

/** The apps as separate node processes from the build output, each with its own env. */
export class Stack {
  private readonly processes = new Map<AppName, ChildProcess>();

  constructor(private readonly options: StackOptions = SYSTEM_STACK) {}

  pid(app: AppName): number | undefined {
    return this.processes.get(app)?.pid;
  }

  env(app: AppName): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      // npm's node-options (.npmrc): what the apps get under npm start too.
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.SYSTEM_LOG_LEVEL ?? 'warn',
      LOG_FILE: resolve(LOGS, `${this.options.logStem}-${app}.log`),
      HTTP_HOST: '127.0.0.1',
      [PORT_VARIABLE[app]]: String(this.port(app)),
      MONGO_URI: this.options.mongoUri,
      ...(this.options.catalogDatabaseUrl ? { CATALOG_DATABASE_URL: this.options.catalogDatabaseUrl } : {}),
      CATALOG_RELAY_INTERVAL_MS: '200',
      BREAKER_POSTGRES_RESET_MS: '1500',
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '1000',
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: this.options.topicPrefix,
      JWT_PUBLIC_KEY_PATH: resolve(ROOT, 'certs', 'jwt-public.pem'),
      JWT_PRIVATE_KEY_PATH: resolve(ROOT, 'certs', 'jwt-private.pem'),
      AUTH_TOKEN_RATE_LIMIT: '10',
      // The suites register and sign in many users from one address: auth's own e2e suite tests the limits.
      AUTH_REGISTER_RATE_LIMIT: '100000',
      AUTH_SIGNIN_FAILURES_PER_CLIENT: '100000',
      AUTH_SIGNIN_FAILURES_PER_ACCOUNT: '100000',
      BREAKER_MONGO_RESET_MS: '1500',
      BREAKER_KAFKA_RESET_MS: '2000',
      RELAY_INTERVAL_MS: '300',
      RELAY_GRACE_MS: '1000',
      RELAY_LEASE_MS: '10000',
      PROCESSOR_RETRY_INITIAL_MS: '100',
      PROCESSOR_RETRY_MAX_MS: '1000',
      PROCESSOR_NOT_FOUND_RETRIES: '2',
      // A stack pays its orders only when it runs billing and says so.
      PAYMENTS_ENABLED: 'false',
      ...this.options.env?.(app),
    };
  }

  async start(app: AppName): Promise<void> {
    mkdirSync(LOGS, { recursive: true });
    const entry = this.options.fromSource
      ? ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(ROOT, 'apps', app, 'src', 'main.ts')]
      : [resolve(ROOT, 'dist', 'apps', app, 'main.js')];
    const child = spawn(process.execPath, [...(this.options.nodeFlags?.(app) ?? []), ...entry], {
      cwd: ROOT,
      env: { ...this.env(app), ...(this.options.fromSource ? { TS_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') } : {}) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.processes.set(app, child);
    await this.waitReady(app);
  }

  async waitReady(app: AppName, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const child = this.processes.get(app);
      if (child && child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} while starting`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.port(app)}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${app} not ready within ${timeoutMs} ms`);
  }

  port(app: AppName): number {
    const port = this.options.ports[app];
    if (port === undefined) throw new Error(`this stack has no port for ${app}`);
    return port;
  }

  /** Sends a signal and waits for the process to end. */
  async stop(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.processes.get(app);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    await exited;
    this.processes.delete(app);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((app) => this.stop(app)));
  }
}

/** infra.sh up/down; `env` adds settings such as INFRA_KAFKA_BROKERS=3 (the cluster). */
export async function infra(command: 'up' | 'down', server?: 'kafka' | 'mongo' | 'postgres', env: NodeJS.ProcessEnv = {}): Promise<void> {
  await run('bash', [resolve(ROOT, 'infra', 'infra.sh'), command, ...(server ? [server] : [])], { cwd: ROOT, timeout: 300_000, env: { ...process.env, ...env } });
}

/**
 * The apps run from dist/: built from the sources as they are, so a dist/ left from older sources
 * is never what a run measures (scripts/build.sh skips a build nothing changed since). `--no-build`
 * on the command line skips even that check.
 */
export function buildFromSources(): void {
  if (!process.argv.includes('--no-build')) execFileSync('bash', [resolve(ROOT, 'scripts', 'build.sh')], { cwd: ROOT, stdio: 'inherit' });
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
