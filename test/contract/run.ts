/**
 * npm run test:contract — schemathesis (`--checks all`) against the OpenAPI document of auth
 * and orders, each app running from the build output against the real servers, with a real
 * user and token. Any finding fails the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { infra, ROOT, runId, Stack } from '../system/stack';

const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = resolve(ROOT, '.infra', 'schemathesis');
const SCHEMATHESIS = resolve(VENV, 'bin', 'schemathesis');
const PORTS = { auth: 4301, orders: 4300, 'order-processor': 4302 };
const MONGO_URI = `mongodb://127.0.0.1:27017/rop_contract_test_${runId}`;
const MAX_EXAMPLES = process.env.CONTRACT_MAX_EXAMPLES ?? '100';

/** schemathesis lives in a virtualenv of the project's own, never in the system Python. */
function installSchemathesis(): void {
  const installed = existsSync(SCHEMATHESIS)
    ? spawnSync(SCHEMATHESIS, ['--version'], { encoding: 'utf8' }).stdout.includes(SCHEMATHESIS_VERSION)
    : false;
  if (installed) return;
  console.log(`[contract] installing schemathesis ${SCHEMATHESIS_VERSION} into ${VENV}`);
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(resolve(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: 'inherit' });
}

async function userAndToken(): Promise<{ username: string; password: string; token: string }> {
  const username = `contract_${runId}`;
  const password = 'contract test password';
  const auth = `http://127.0.0.1:${PORTS.auth}`;
  const registered = await fetch(`${auth}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (registered.status !== 201) throw new Error(`registering the contract user answered ${registered.status}`);
  const issued = await fetch(`${auth}/api/token`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  const { access_token: token } = (await issued.json()) as { access_token: string };
  return { username, password, token };
}

function schemathesis(app: 'auth' | 'orders', env: NodeJS.ProcessEnv): boolean {
  console.log(`\n[contract] schemathesis --checks all against ${app}`);
  const result = spawnSync(
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
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  return result.status === 0;
}

async function main(): Promise<void> {
  installSchemathesis();
  execFileSync('bash', [resolve(ROOT, 'certs', 'generate.sh')], { stdio: 'inherit' });
  await infra('up');
  const stack = new Stack({
    ports: PORTS,
    mongoUri: MONGO_URI,
    topicPrefix: `contract-${runId}.`,
    logStem: 'contract',
    // Generated requests for GET /api/token would otherwise be throttled after ten.
    env: () => ({ AUTH_TOKEN_RATE_LIMIT: '10000', LOG_LEVEL: 'error' }),
  });
  const results: Record<string, boolean> = {};
  try {
    await stack.start('auth');
    await stack.start('orders');
    const { username, password, token } = await userAndToken();
    const env = { CONTRACT_USERNAME: username, CONTRACT_PASSWORD: password, CONTRACT_TOKEN: token };
    for (const app of ['auth', 'orders'] as const) results[app] = schemathesis(app, env);
  } finally {
    await stack.stopAll();
    await mongoose.connect(MONGO_URI).then((connection) => connection.connection.dropDatabase()).catch(() => undefined);
    await mongoose.disconnect();
  }
  const failed = Object.entries(results).filter(([, passed]) => !passed).map(([app]) => app);
  console.log(`\n[contract] ${Object.entries(results).map(([app, passed]) => `${app} ${passed ? 'PASS' : 'FAIL'}`).join(', ')}`);
  if (failed.length > 0 || Object.keys(results).length < 2) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
