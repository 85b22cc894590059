import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthApp } from '@apps/auth/create-app';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv } from '@test/e2e/test-env';

export const privateKey = () => readFileSync('certs/jwt-private.pem', 'utf8');
export const publicKey = () => readFileSync('certs/jwt-public.pem', 'utf8');
export const ISSUER = 'retail-order-platform/auth';
export const AUDIENCE = 'retail-order-platform';

let sequence = 0;
export const uniqueName = (stem = 'user') => `${stem}${Date.now().toString(36)}${(sequence++).toString(36)}`;
export const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/**
 * The auth app as its e2e suites run it (a debug log in a file of its own, the administrator of
 * this run, a low token rate limit), started in the calling describe's beforeAll.
 */
export function authAppUnderTest() {
  const logFile = join(tmpdir(), `auth-e2e-${process.pid}-${Date.now()}-${sequence++}.log`);
  const env = new TestEnv();
  const adminName = `admin-${process.env.E2E_RUN_ID ?? 'x'}`;
  const adminPassword = 'admin password for e2e';
  const state = {} as { app: INestApplication; http: ReturnType<INestApplication['getHttpServer']> };

  beforeAll(async () => {
    env.set({ LOG_FILE: logFile, LOG_LEVEL: 'debug', AUTH_TOKEN_RATE_LIMIT: '8', ADMIN_USERNAME: adminName, ADMIN_PASSWORD: adminPassword });
    state.app = await createAuthApp();
    await readyApp(state.app);
    state.http = state.app.getHttpServer();
  });

  afterAll(async () => {
    await state.app?.close();
    env.restore();
    rmSync(logFile, { force: true });
  });

  async function register(username = uniqueName(), password = 'correct horse battery') {
    const response = await request(state.http).post('/api/users').send({ username, password });
    return { username, password, response };
  }

  async function tokenFor(username: string, password: string): Promise<string> {
    const response = await request(state.http).get('/api/token').set('Authorization', basic(username, password)).expect(200);
    return response.body.access_token as string;
  }

  // Filled in by beforeAll: the tests read it once the app is up.
  return Object.assign(state, {
    logFile,
    adminName,
    adminPassword,
    register,
    tokenFor,
  });
}
