export * from './tracing/trace-context';
export * from './observability.module';
export * from './metrics/platform-metrics';
export * from './metrics/breaker-metrics';
export * from './metrics/outbox-metrics';
export * from './metrics/http-metrics';
