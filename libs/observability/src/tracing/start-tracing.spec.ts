import { mongoStatement, tracingEnabled } from './start-tracing';

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
