// The first import of main.ts: instrumentations patch modules as they load, so tracing starts
// before anything else is required. Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_TRACES_EXPORTER) is set.
import { startTracing } from '@app/observability/tracing/start-tracing';

startTracing('billing');
