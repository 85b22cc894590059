/**
 * npm run test:contract [-- --no-build] — schemathesis (`--checks all`) against the OpenAPI document of auth,
 * orders, the catalog and billing, each app running from the build output against the real servers, with
 * a real user (the administrator auth creates, so the catalog's writes are reachable) and its
 * token. Any finding fails the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { createDatabase, dropDatabase } from '../e2e/postgres';
import { billingDatabaseUrl, buildFromSources, catalogDatabaseUrl, infra, paymentsEnv, ROOT, runId, Stack } from '../system/stack';

const SCHEMATHESIS = resolve(ROOT, '.infra', 'schemathesis', 'bin', 'schemathesis');
const PORTS = { auth: 4301, orders: 4300, 'order-processor': 4302, catalog: 4303, billing: 4304 };
const APPS = ['auth', 'orders', 'catalog', 'billing'] as const;
const CATALOG_DATABASE_URL = catalogDatabaseUrl('contract');
const BILLING_DATABASE_URL = billingDatabaseUrl('contract');
const MONGO_URI = `mongodb://127.0.0.1:27017/rop_contract_test_${runId}`;
const MAX_EXAMPLES = process.env.CONTRACT_MAX_EXAMPLES ?? '100';

/** schemathesis lives in a virtualenv of the project's own, never in the system Python. */
function installSchemathesis(): void {
  execFileSync('bash', [resolve(__dirname, 'install-schemathesis.sh')], { stdio: 'inherit' });
}

const ADMIN = { username: `contract_${runId}`, password: 'contract test password' };

/** The administrator auth created at start from ADMIN_USERNAME / ADMIN_PASSWORD, and its token. */
async function userAndToken(): Promise<{ username: string; password: string; token: string }> {
  const { username, password } = ADMIN;
  const auth = `http://127.0.0.1:${PORTS.auth}`;
  const issued = await fetch(`${auth}/api/token`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  if (issued.status !== 200) throw new Error(`the contract administrator's token request answered ${issued.status}`);
  const { access_token: token } = (await issued.json()) as { access_token: string };
  return { username, password, token };
}

/**
 * One app's run, its output kept in .infra/contract-<app>.txt and printed whole when it ends:
 * the three run at once (each mostly waits on its app), their outputs one after the other.
 */
function schemathesis(app: (typeof APPS)[number], env: NodeJS.ProcessEnv): Promise<boolean> {
  const outputFile = resolve(ROOT, '.infra', `contract-${app}.txt`);
  const output = openSync(outputFile, 'w');
  const child = spawn(
    SCHEMATHESIS,
    [
      '--config-file',
      resolve(__dirname, 'schemathesis.toml'),
      'run',
      `http://127.0.0.1:${PORTS[app]}/docs-json`,
      '--checks',
      'all',
      '--max-examples',
      MAX_EXAMPLES,
      '--no-color',
    ],
    { stdio: ['ignore', output, output], env: { ...process.env, ...env } },
  );
  return new Promise((done) => {
    let finished = false;
    const finish = (passed: boolean) => {
      if (finished) return;
      finished = true;
      closeSync(output);
      console.log(`\n[contract] schemathesis --checks all against ${app}\n${readFileSync(outputFile, 'utf8')}`);
      done(passed);
    };
    child.on('error', (error) => {
      writeSync(output, `${error.message}\n`);
      finish(false);
    });
    child.on('exit', (code) => finish(code === 0));
  });
}

async function main(): Promise<void> {
  installSchemathesis();
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'inherit' });
  await infra('up');
  buildFromSources();
  await createDatabase(new URL(CATALOG_DATABASE_URL));
  await createDatabase(new URL(BILLING_DATABASE_URL));
  const stack = new Stack({
    ports: PORTS,
    mongoUri: MONGO_URI,
    catalogDatabaseUrl: CATALOG_DATABASE_URL,
    topicPrefix: `contract-${runId}.`,
    logStem: 'contract',
    // Generated requests for GET /api/token would otherwise be throttled after ten.
    env: () => ({
      AUTH_TOKEN_RATE_LIMIT: '10000',
      LOG_LEVEL: 'error',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      ...paymentsEnv('contract'),
      BILLING_DATABASE_URL,
    }),
  });
  const results: Record<string, boolean> = {};
  try {
    await stack.start('auth');
    await stack.start('orders');
    await stack.start('catalog');
    await stack.start('billing');
    const { username, password, token } = await userAndToken();
    const env = { CONTRACT_USERNAME: username, CONTRACT_PASSWORD: password, CONTRACT_TOKEN: token };
    const passed = await Promise.all(APPS.map((app) => schemathesis(app, env)));
    APPS.forEach((app, index) => (results[app] = passed[index]));
  } finally {
    await stack.stopAll();
    await mongoose.connect(MONGO_URI).then((connection) => connection.connection.dropDatabase()).catch(() => undefined);
    await mongoose.disconnect();
    await dropDatabase(new URL(CATALOG_DATABASE_URL)).catch(() => undefined);
    await dropDatabase(new URL(BILLING_DATABASE_URL)).catch(() => undefined);
  }
  const failed = Object.entries(results).filter(([, passed]) => !passed).map(([app]) => app);
  console.log(`\n[contract] ${Object.entries(results).map(([app, passed]) => `${app} ${passed ? 'PASS' : 'FAIL'}`).join(', ')}`);
  if (failed.length > 0 || Object.keys(results).length < APPS.length) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
