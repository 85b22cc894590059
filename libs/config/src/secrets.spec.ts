import { IsString } from 'class-validator';
import { IsProductionSecret, secretProblem, urlPassword } from './secrets';
import { collectEnvProblems } from './validate-env';

class SecretEnv {
  @IsString() @IsProductionSecret() ADMIN_PASSWORD = 'unset';
  @IsString() @IsProductionSecret({ inUrl: true }) DATABASE_URL = 'postgres://postgres@127.0.0.1/db';
}

describe('secrets in production', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => (process.env.NODE_ENV = nodeEnv));

  it('refuses a published example value and a short one, naming the variable', () => {
    expect(secretProblem('ADMIN_PASSWORD', 'local-admin-password')).toMatch(/^ADMIN_PASSWORD is a published example value/);
    expect(secretProblem('ADMIN_PASSWORD', 'Change-Me')).toMatch(/published/);
    expect(secretProblem('ADMIN_PASSWORD', 'short pass')).toBe('ADMIN_PASSWORD must be at least 16 characters in production');
    expect(secretProblem('ADMIN_PASSWORD', 'a1Zq9-generated-by-npm-start')).toBeUndefined();
  });

  it('stops an app in production, and lets tests and development use anything', () => {
    const env = { ADMIN_PASSWORD: 'local-admin-password', DATABASE_URL: 'postgres://catalog:change-me@db:5432/catalog' };
    process.env.NODE_ENV = 'production';
    expect(collectEnvProblems(SecretEnv, env).problems).toEqual([
      'ADMIN_PASSWORD is a published example value: set your own (npm start generates one into .env when it is empty)',
      'DATABASE_URL holds a published example password: set your own',
    ]);
    expect(collectEnvProblems(SecretEnv, { ADMIN_PASSWORD: 'x7#long-enough-secret', DATABASE_URL: 'postgres://postgres@127.0.0.1:55432/catalog' }).problems).toEqual([]);
    process.env.NODE_ENV = 'test';
    expect(collectEnvProblems(SecretEnv, env).problems).toEqual([]);
  });

  it('reads the password of a connection URL', () => {
    expect(urlPassword('postgres://catalog:s%40cret@db/catalog')).toBe('s@cret');
    expect(urlPassword('mongodb://127.0.0.1:27017/retail')).toBeUndefined();
    expect(urlPassword('not a url')).toBeUndefined();
  });
});
