import { ArgumentsHost, Logger } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { AppException } from './app.exception';

function httpHost() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    getHeader: (name: string) => sent.headers[name.toLowerCase()],
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: unknown) => (sent.body = body),
  };
  const request = { method: 'POST', originalUrl: '/order', headers: { 'x-correlation-id': 'corr-1' } };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('AllExceptionsFilter', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a deliberate 503 with its code and headers and logs one warning line without a stack', () => {
    const { host, sent } = httpHost();
    const outage = new AppException(503, 'ORDERS.STORE_UNAVAILABLE', 'The order store is unavailable', {
      headers: { 'Retry-After': '2' },
      cause: new Error('circuit breaker "mongo" is open'),
    });
    new AllExceptionsFilter().catch(outage, host);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ statusCode: 503, code: 'ORDERS.STORE_UNAVAILABLE', message: 'The order store is unavailable', correlationId: 'corr-1', details: undefined });
    expect(sent.headers['retry-after']).toBe('2');
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ORDERS.STORE_UNAVAILABLE', cause: 'Error: circuit breaker "mongo" is open', correlationId: 'corr-1' }),
      'Answered 503 ORDERS.STORE_UNAVAILABLE',
    );
    expect(JSON.stringify(warn.mock.calls[0][0])).not.toContain('at ');
  });

  it('answers an unknown error with a 500 that hides it and logs the error with its correlationId', () => {
    const { host, sent } = httpHost();
    const bug = new TypeError('cannot read x of undefined');
    new AllExceptionsFilter().catch(bug, host);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ statusCode: 500, code: 'INTERNAL.ERROR', correlationId: 'corr-1' });
    expect(JSON.stringify(sent.body)).not.toContain('cannot read');
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ err: bug, correlationId: 'corr-1' }), 'Unhandled error answered as 500');
    expect(warn).not.toHaveBeenCalled();
  });
});
