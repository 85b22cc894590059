import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { Span } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

const INSTRUMENTATIONS = ['http', 'fastify', 'nestjs-core', 'mongodb', 'pg', 'kafkajs', 'pino'] as const;
type InstrumentationName = (typeof INSTRUMENTATIONS)[number];
/**
 * NestJS' adds a span per controller call inside the request's own span, which names the route
 * already; it cost a tenth of POST /order's rate with every trace (docs/performance.md, P9).
 */
const OFF_BY_DEFAULT: readonly InstrumentationName[] = ['nestjs-core'];

/** Paths polled by probes and scrapers: a span per poll would bury the orders' traces. */
const UNTRACED_PATHS = ['/health', '/metrics'];

/**
 * db.query.text of a MongoDB span: the command's shape with every value a `?` (as the
 * instrumentation's default), but an insert's documents only counted — serialising each stored
 * order into its span was the largest single cost of tracing POST /order.
 */
export function mongoStatement(command: Record<string, unknown>): string {
  const { documents, ...rest } = command;
  const shape = Array.isArray(documents) ? { ...rest, documents: documents.length } : rest;
  return JSON.stringify(shape, (_key, value: unknown) => (typeof value === 'object' && value !== null ? value : '?'));
}

/**
 * `POST /order`, as http's server span was named (@fastify/otel names every request span
 * `request`): the method and the route's template, or the method alone when no route matched
 * (OpenTelemetry's HTTP conventions: a raw path would name a span per id).
 */
export function nameRequestSpan(span: Span, request: { method: string; routeOptions: { url?: string } }): void {
  if (span.isRecording()) span.updateName(request.routeOptions.url ? `${request.method} ${request.routeOptions.url}` : request.method);
}

/**
 * Whether the active span exists and is not recorded: its children are not either (each of the
 * SDK's samplers decides a child as its parent: by the parent itself, or by the same trace id).
 */
export function underUnsampledSpan(api: Pick<typeof import('@opentelemetry/api'), 'trace' | 'context'>): boolean {
  const active = api.trace.getSpan(api.context.active());
  return active !== undefined && !active.isRecording();
}

function untraced(url: string | undefined): boolean {
  return UNTRACED_PATHS.some((path) => url === path || url?.startsWith(`${path}/`) || url?.startsWith(`${path}?`));
}

/**
 * The standard OTel variables may sit in .env, which the app's config module reads only after
 * every module is loaded: too late for instrumentations that patch modules as they load. Only
 * OTEL_* are taken here, and the environment wins, as it does for the app's own settings.
 */
function loadOtelVariablesFromEnvFile(): void {
  if (process.env.NODE_ENV === 'test' || !existsSync('.env')) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync('.env', 'utf8')))) {
    if (name.startsWith('OTEL_') && value !== '' && process.env[name] === undefined) process.env[name] = value;
  }
}

/** Tracing is off unless an exporter is configured the standard way. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim()).filter((name) => name !== '' && name !== 'none');
  if (env.OTEL_TRACES_EXPORTER !== undefined && env.OTEL_TRACES_EXPORTER.trim() !== '') return (exporters?.length ?? 0) > 0;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry tracing for this process when it is configured, before the app's modules
 * load (each app's tracing.ts is the first import of its main.ts). Off, nothing is loaded: the
 * @opentelemetry/api calls in the code stay no-ops.
 */
export function startTracing(serviceName: string): void {
  loadOtelVariablesFromEnvFile();
  if (sdk || !tracingEnabled()) return;
  // Metrics are Prometheus' (GET /metrics) and logs go to stdout: the SDK exports traces only,
  // unless the operator asks for more.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_SERVICE_NAME ??= serviceName;

  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { MongoDBInstrumentation } = require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const { kafkaConsumerInstrumentation } = require('./kafka-consumer-instrumentation') as typeof import('./kafka-consumer-instrumentation');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const enabled = chosenInstrumentations();
  const instrumentations: Record<InstrumentationName, () => Instrumentation> = {
    // An incoming request is @fastify/otel's alone (below): it reads the caller's traceparent and
    // opens the request's server span. Wrapping each request in http's span as well cost as much
    // again, sampled or not (docs/performance.md, P9). Outgoing calls (billing → the payment
    // provider) stay http's; so do incoming ones when the fastify instrumentation is turned off.
    http: () =>
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: enabled.has('fastify'), ignoreIncomingRequestHook: (request) => untraced(request.url) }),
    // The route's request span only: a span per lifecycle hook (six of the platform's own on
    // every request) and per handler (NestJS' instrumentation has one) cost more than they tell.
    fastify: () =>
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: (route) => untraced(route.url),
        requestHook: nameRequestSpan,
      }),
    'nestjs-core': () => new NestInstrumentation(),
    // The instrumentation builds a span's attributes before it asks the sampler: under a request
    // that is not sampled, the statement would be serialised for a span never recorded.
    mongodb: () => new MongoDBInstrumentation({ dbStatementSerializer: (command) => (underUnsampledSpan(api) ? '' : mongoStatement(command)) }),
    pg: () => new PgInstrumentation({ requireParentSpan: true }),
    kafkajs: () => kafkaConsumerInstrumentation(),
    // trace_id and span_id join the correlation id in every log line written inside a span.
    pino: () => new PinoInstrumentation({ disableLogSending: true }),
  };
  sdk = new NodeSDK({
    instrumentations: INSTRUMENTATIONS.filter((name) => enabled.has(name)).map((name) => instrumentations[name]()),
  });
  sdk.start();
}

/**
 * Which instrumentations run, as @opentelemetry/auto-instrumentations-node reads its variables
 * (names without the `@opentelemetry/instrumentation-` prefix, comma-separated):
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS names the only ones to run, else all but OFF_BY_DEFAULT run;
 * OTEL_NODE_DISABLED_INSTRUMENTATIONS then leaves some out. What each costs: docs/performance.md, P9.
 */
export function chosenInstrumentations(env: NodeJS.ProcessEnv = process.env): Set<InstrumentationName> {
  const list = (value: string | undefined) => (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const only = list(env.OTEL_NODE_ENABLED_INSTRUMENTATIONS);
  const disabled = new Set(list(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS));
  const chosen = only.length > 0 ? INSTRUMENTATIONS.filter((name) => only.includes(name)) : INSTRUMENTATIONS.filter((name) => !OFF_BY_DEFAULT.includes(name));
  return new Set(chosen.filter((name) => !disabled.has(name)));
}

/** Sends the spans still buffered; the app calls it last while shutting down. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}
