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

/** The context a stored or received traceparent stands for; the root context without one. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { [TRACEPARENT_HEADER]: traceparent });
}

/** The trace id of the active span, for log lines and responses; undefined when there is none. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
