import { randomBytes } from 'node:crypto';
import { createDatabase } from './postgres';
import { NGINX } from './gateway';
import { answers, generateCertificates, startAllServers } from './servers';

const DEFAULT_MONGO_URI = 'mongodb://127.0.0.1:27017/rop_test';
const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
const DEFAULT_CATALOG_DATABASE_URL = 'postgres://postgres@127.0.0.1:55432/catalog';

/**
 * Runs once before the e2e suites: brings the local servers up when they do not answer,
 * and gives this run a fresh database and fresh topic names so runs never see each other.
 */
export default async function globalSetup(): Promise<void> {
  const baseUri = new URL(process.env.MONGO_URI ?? DEFAULT_MONGO_URI);
  const database = baseUri.pathname.replace(/^\//, '');
  if (!database.toLowerCase().includes('test')) {
    throw new Error(`Refusing to run e2e tests against database "${database}": its name must contain "test".`);
  }
  const brokers = process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS;
  await generateCertificates();

  const catalogUrl = new URL(process.env.CATALOG_DATABASE_URL ?? DEFAULT_CATALOG_DATABASE_URL);
  const up = await Promise.all([
    answers('mongo', baseUri.toString()),
    answers('postgres', catalogUrl.toString()),
    answers('kafka', brokers.split(',')[0]),
    fetch(`${process.env.PAYMENT_PROVIDER_URL ?? 'http://127.0.0.1:12180'}/__control/health`).then((response) => response.ok, () => false),
  ]);
  // The gateway suite runs nginx of its own; infra.sh installs it with the servers.
  if (up.includes(false) || !NGINX) await startAllServers();

  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  baseUri.pathname = `/${database}_${runId}`;
  catalogUrl.pathname = `/catalog_test_${runId}`;
  await createDatabase(catalogUrl);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    MONGO_URI: baseUri.toString(),
    CATALOG_DATABASE_URL: catalogUrl.toString(),
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: `test-${runId}.`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // Suites register and sign in many users from one address; attempt-limits.e2e-spec.ts sets its own.
    AUTH_REGISTER_RATE_LIMIT: '100000',
    AUTH_SIGNIN_FAILURES_PER_CLIENT: '100000',
    AUTH_SIGNIN_FAILURES_PER_ACCOUNT: '100000',
    E2E_RUN_ID: runId,
    // Orders are paid only in the suites that run billing (apps/billing/test): they turn it on.
    PAYMENTS_ENABLED: process.env.PAYMENTS_ENABLED ?? 'false',
    // The stand-in takes any test key; billing's own database is made per suite.
    STRIPE_SECRET_KEY: `sk_test_e2e_${runId}`,
    PAYMENT_PROVIDER_URL: process.env.PAYMENT_PROVIDER_URL ?? 'http://127.0.0.1:12180',
  });
}
