import { httpTimeoutsFromEnv, trustProxyFromEnv } from './http.config';

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

describe('HTTP_*_TIMEOUT_MS (what a slow client is given)', () => {
  it('bounds headers, the whole request and idle keep-alive by default', () => {
    expect(httpTimeoutsFromEnv({})).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000 });
  });

  it('takes the settings, never a headers timeout past the request timeout', () => {
    expect(httpTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '3000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' })).toEqual({
      headersTimeoutMs: 3000,
      requestTimeoutMs: 3000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  it('never turns a timeout off: 0 or garbage keeps the default (boot validation names it)', () => {
    expect(httpTimeoutsFromEnv({ HTTP_REQUEST_TIMEOUT_MS: '0', HTTP_HEADERS_TIMEOUT_MS: 'soon' })).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
  });
});
