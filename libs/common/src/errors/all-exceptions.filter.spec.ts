import { ArgumentsHost, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { AllowedMethods } from '../http/allowed-methods';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { AppException } from './app.exception';
import { DomainError } from '@app/domain';

function httpHost(method = 'POST', url = '/order', is404 = false) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const reply = {
    sent: false,
    headers(headers: Record<string, string>) {
      for (const [name, value] of Object.entries(headers)) sent.headers[name.toLowerCase()] = value;
      return this;
    },
    code(code: number) {
      sent.status = code;
      return this;
    },
    type() {
      return this;
    },
    send: (body: unknown) => (sent.body = body),
  };
  const request = { method, url, id: 'corr-1', headers: {}, is404 };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
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
    const outage = new AppException(503, 'ORDER.STORE_UNAVAILABLE', 'The order store is unavailable', {
      headers: { 'Retry-After': '2' },
      cause: new Error('circuit breaker "mongo" is open'),
    });
    new AllExceptionsFilter().catch(outage, host);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ statusCode: 503, code: 'ORDER.STORE_UNAVAILABLE', message: 'The order store is unavailable', correlationId: 'corr-1' });
    expect(sent.headers['retry-after']).toBe('2');
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ORDER.STORE_UNAVAILABLE', cause: 'Error: circuit breaker "mongo" is open', correlationId: 'corr-1' }),
      'Answered 503 ORDER.STORE_UNAVAILABLE',
    );
    expect(JSON.stringify(warn.mock.calls[0][0])).not.toContain('at ');
  });

  it.each([
    ['invalid', 400],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['precondition-failed', 412],
    ['unprocessable', 422],
    ['too-many', 429],
    ['unavailable', 503],
  ] as const)('answers a domain error of kind %s with %i, its code and message', (kind, status) => {
    const { host, sent } = httpHost();
    new AllExceptionsFilter().catch(new DomainError('ORDER.SOMETHING', kind, 'what happened'), host);
    expect(sent.status).toBe(status);
    expect(sent.body).toEqual({ statusCode: status, code: 'ORDER.SOMETHING', message: 'what happened', correlationId: 'corr-1' });
    expect(error).not.toHaveBeenCalled();
  });

  it('words a domain error\'s details as the app\'s HTTP layer says, by code, and passes others\' details on', () => {
    const fields = { 'ORDER.UNKNOWN': (error: DomainError) => [{ field: `orderitems.${(error.details as { line: number }).line}.productId`, messages: ['unknown'] }] };
    const filter = new AllExceptionsFilter(undefined, fields);
    const worded = httpHost();
    filter.catch(new DomainError('ORDER.UNKNOWN', 'unprocessable', 'not in the catalog', { details: { line: 2 } }), worded.host);
    expect(worded.sent.body).toMatchObject({ statusCode: 422, details: [{ field: 'orderitems.2.productId', messages: ['unknown'] }] });
    const passed = httpHost();
    filter.catch(new DomainError('ORDER.PRICE_CHANGED', 'conflict', 'the price changed', { details: { total: 3 } }), passed.host);
    expect(passed.sent.body).toMatchObject({ statusCode: 409, details: { total: 3 } });
  });

  it('sends Retry-After for an unavailable domain error and logs its cause in one line', () => {
    const { host, sent } = httpHost();
    const outage = new DomainError('ORDER.STORE_UNAVAILABLE', 'unavailable', 'down', { retryAfterSeconds: 3, cause: new Error('breaker open') });
    new AllExceptionsFilter().catch(outage, host);
    expect(sent.headers['retry-after']).toBe('3');
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ code: 'ORDER.STORE_UNAVAILABLE', cause: 'Error: breaker open' }), 'Answered 503 ORDER.STORE_UNAVAILABLE');
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

  it("turns Fastify's schema validation errors into VALIDATION.FAILED with one entry per field", () => {
    const { host, sent } = httpHost();
    const validation = Object.assign(new Error('body/cost must be >= 0.01'), {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      validationContext: 'body',
      validation: [
        { keyword: 'minimum', instancePath: '/cost', schemaPath: '', params: {}, message: 'must be >= 0.01' },
        { keyword: 'required', instancePath: '/orderitems/0', schemaPath: '', params: { missingProperty: 'name' }, message: '' },
        { keyword: 'additionalProperties', instancePath: '', schemaPath: '', params: { additionalProperty: 'vip' }, message: '' },
        { keyword: 'multipleOf', instancePath: '/cost', schemaPath: '', params: {}, message: 'must be multiple of 0.01' },
      ],
    });
    new AllExceptionsFilter().catch(validation, host);
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION.FAILED',
      message: 'Request validation failed',
      details: [
        { field: 'cost', messages: ['cost must be >= 0.01', 'cost must have at most two decimals'] },
        { field: 'orderitems.0.name', messages: ['orderitems.0.name is required'] },
        { field: 'vip', messages: ['property vip should not exist'] },
      ],
      correlationId: 'corr-1',
    });
  });

  it('lists at most 20 invalid fields and counts the rest in the message (a body of 30 000 empty items)', () => {
    const { host, sent } = httpHost();
    const validation = Object.assign(new Error('body/orderitems/0 must have required property name'), {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      validation: Array.from({ length: 30_000 }, (_, index) => [
        { keyword: 'required', instancePath: `/orderitems/${index}`, schemaPath: '', params: { missingProperty: 'name' }, message: '' },
        { keyword: 'required', instancePath: `/orderitems/${index}`, schemaPath: '', params: { missingProperty: 'quantity' }, message: '' },
      ]).flat(),
    });
    new AllExceptionsFilter().catch(validation, host);
    const body = sent.body as { message: string; details: { field: string }[] };
    expect(sent.status).toBe(400);
    expect(body.details).toHaveLength(20);
    expect(body.details[0]).toEqual({ field: 'orderitems.0.name', messages: ['orderitems.0.name is required'] });
    expect(body.message).toBe('Request validation failed: 60000 fields are invalid, the first 20 are listed');
    expect(JSON.stringify(body).length).toBeLessThan(4096);
  });

  // As Nest passes Fastify's FST_ERR_CTP_* errors on: HttpExceptions of their status.
  it.each([
    ['Unsupported Media Type', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Request body must be JSON (Content-Type: application/json)'],
    ['Request body is too large', 413, 'REQUEST.BODY_TOO_LARGE', 'Request body is too large'],
    ['Request body size did not match Content-Length', 400, 'REQUEST.INVALID', 'Request body size did not match Content-Length'],
  ])('answers Fastify\'s "%s" with %i %s', (fastifyMessage, status, ourCode, message) => {
    const { host, sent } = httpHost();
    new AllExceptionsFilter().catch(new HttpException(fastifyMessage, status), host);
    expect(sent.status).toBe(status);
    expect(sent.body).toEqual({ statusCode: status, code: ourCode, message, correlationId: 'corr-1' });
  });

  it('answers an unrouted method on a known path with 405 and Allow, and an unknown path with 404', () => {
    const allowed = new AllowedMethods();
    allowed.add('/order', ['POST']);
    const filter = new AllExceptionsFilter(allowed);
    const trace = httpHost('TRACE', '/order');
    filter.catch(new NotFoundException('Cannot TRACE /order'), trace.host);
    expect(trace.sent.status).toBe(405);
    expect(trace.sent.headers.allow).toBe('POST');
    expect(trace.sent.body).toMatchObject({ statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED' });
    const unknown = httpHost('GET', '/nowhere');
    filter.catch(new NotFoundException('Cannot GET /nowhere'), unknown.host);
    expect(unknown.sent.status).toBe(404);
  });

  it('answers 405 or 404 when Fastify fails a request on its way to the not-found handler', () => {
    const allowed = new AllowedMethods();
    allowed.add('/health', ['GET']);
    const filter = new AllExceptionsFilter(allowed);
    const query = httpHost('QUERY', '/health', true);
    filter.catch(new HttpException("Method 'QUERY' must provide a 'Content-Type' header.", 400), query.host);
    expect(query.sent.status).toBe(405);
    expect(query.sent.headers.allow).toBe('GET');
    const elsewhere = httpHost('QUERY', '/nowhere', true);
    filter.catch(new HttpException("Method 'QUERY' must provide a 'Content-Type' header.", 400), elsewhere.host);
    expect(elsewhere.sent.status).toBe(404);
    expect(elsewhere.sent.body).toMatchObject({ code: 'HTTP.NOT_FOUND' });
  });
});
