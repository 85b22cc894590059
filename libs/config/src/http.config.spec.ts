import { trustProxyFromEnv } from './http.config';

describe('HTTP_TRUST_PROXY (whose X-Forwarded-For the apps believe)', () => {
  it('believes the gateway on this machine by default', () => {
    expect(trustProxyFromEnv(undefined)).toBe('loopback');
  });

  it.each([
    ['false', false],
    ['uniquelocal', 'uniquelocal'],
    ['10.0.0.0/8, 192.168.1.7', '10.0.0.0/8, 192.168.1.7'],
    // Nothing is trusted rather than something unintended: validation at boot names the error.
    ['true', false],
    ['everyone;', false],
  ])('%s → %s', (value, expected) => {
    expect(trustProxyFromEnv(value)).toBe(expected);
  });
});
