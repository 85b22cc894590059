import { isPostgresOutage } from './postgres-outage';

describe('isPostgresOutage', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' })],
    ['a connect timeout of the pool', new Error('timeout exceeded when trying to connect')],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['any of those wrapped by Drizzle', new Error('Failed query: select 1', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('counts %s as an outage', (_label, error) => {
    expect(isPostgresOutage(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a check violation', Object.assign(new Error('violates check constraint'), { code: '23514' })],
    ['a bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('does not count %s', (_label, error) => {
    expect(isPostgresOutage(error)).toBe(false);
  });
});
