import type { Span } from '@opentelemetry/api';
import { chosenInstrumentations, mongoStatement, nameRequestSpan, tracingEnabled, underUnsampledSpan } from './start-tracing';

describe('tracingEnabled', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: ' ', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, true],
  ])('%j → %s', (env, enabled) => {
    expect(tracingEnabled(env as NodeJS.ProcessEnv)).toBe(enabled);
  });
});

describe('mongoStatement', () => {
  it('keeps a command’s shape without its values, and only counts an insert’s documents', () => {
    expect(mongoStatement({ insert: 'orders', documents: [{ userid: 'secret', cost: 3 }, {}], ordered: true })).toBe('{"insert":"?","ordered":"?","documents":"?"}');
    expect(mongoStatement({ find: 'orders', filter: { userid: 'u1', createdAt: { $gt: 5 } }, limit: 10 })).toBe('{"find":"?","filter":{"userid":"?","createdAt":{"$gt":"?"}},"limit":"?"}');
  });
});

describe('nameRequestSpan', () => {
  const spanThat = (recording: boolean) => ({ isRecording: () => recording, updateName: jest.fn() }) as unknown as Span & { updateName: jest.Mock };

  it('names a sampled request span by method and route template, never by its path', () => {
    const span = spanThat(true);
    nameRequestSpan(span, { method: 'GET', routeOptions: { url: '/orderdetails' } });
    expect(span.updateName).toHaveBeenCalledWith('GET /orderdetails');
    const unrouted = spanThat(true);
    nameRequestSpan(unrouted, { method: 'GET', routeOptions: {} });
    expect(unrouted.updateName).toHaveBeenCalledWith('GET');
  });

  it('leaves a span that is not sampled alone (no string built per request)', () => {
    const span = spanThat(false);
    nameRequestSpan(span, { method: 'POST', routeOptions: { url: '/order' } });
    expect(span.updateName).not.toHaveBeenCalled();
  });
});

describe('underUnsampledSpan', () => {
  const apiWith = (active: { isRecording: () => boolean } | undefined) =>
    ({ context: { active: () => ({}) }, trace: { getSpan: () => active } }) as unknown as Parameters<typeof underUnsampledSpan>[0];

  it('is true only under a span that is not recorded: a statement there would be serialised for nothing', () => {
    expect(underUnsampledSpan(apiWith({ isRecording: () => false }))).toBe(true);
    expect(underUnsampledSpan(apiWith({ isRecording: () => true }))).toBe(false);
    // No span yet (a relay's own query): the sampler decides that root span, so the statement is kept.
    expect(underUnsampledSpan(apiWith(undefined))).toBe(false);
  });
});

describe('chosenInstrumentations', () => {
  const chosen = (env: NodeJS.ProcessEnv) => [...chosenInstrumentations(env)].sort();

  it('runs every instrumentation but NestJS’ by default', () => {
    expect(chosen({})).toEqual(['fastify', 'http', 'kafkajs', 'mongodb', 'pg', 'pino']);
  });

  it('leaves out what OTEL_NODE_DISABLED_INSTRUMENTATIONS names', () => {
    expect(chosen({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http, fastify,nestjs-core' })).toEqual(['kafkajs', 'mongodb', 'pg', 'pino']);
  });

  it('runs only what OTEL_NODE_ENABLED_INSTRUMENTATIONS names, NestJS’ included, and ignores unknown names', () => {
    expect(chosen({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'fastify,nestjs-core,express' })).toEqual(['fastify', 'nestjs-core']);
    expect(chosen({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'fastify,nestjs-core', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'nestjs-core' })).toEqual(['fastify']);
  });
});
