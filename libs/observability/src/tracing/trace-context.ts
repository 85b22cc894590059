import { context, Context, isSpanContextValid, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/** The W3C header that carries a span's context in Kafka headers and stored outbox entries. */
export const TRACEPARENT_HEADER = 'traceparent';

/**
 * The active span's context as a W3C traceparent, for an event that is published later (an
 * outbox entry). Undefined when tracing is off or no span is active.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const spanContext = trace.getSpanContext(active);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier[TRACEPARENT_HEADER];
}

/**
 * Whether trace contexts travel: an SDK registered the W3C propagator (tracing is on). Without
 * it every span is a no-op and nothing can be injected, so per-message work can be skipped.
 */
export function tracingOn(): boolean {
  return propagation.fields().includes(TRACEPARENT_HEADER);
}

/** The context a stored or received traceparent stands for; the root context without one. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { [TRACEPARENT_HEADER]: traceparent });
}
