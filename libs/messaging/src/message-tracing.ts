import { Attributes, context, Context, propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { EventHeader, RawOutgoingMessage } from '@app/contracts';
import { contextOfTraceparent, TRACEPARENT_HEADER, tracingOn } from '@app/observability';

// A no-op tracer until an app starts tracing (OTEL_* set): then these spans join the SDK's.
const tracer = trace.getTracer('retail-order-platform.messaging');

function attributesOf(operation: 'send' | 'process', topic: string, key: string | null, headers: Record<string, string>): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': operation,
    'messaging.destination.name': topic,
    ...(key !== null ? { 'messaging.kafka.message.key': key } : {}),
    ...(headers[EventHeader.CORRELATION_ID] ? { 'messaging.message.conversation_id': headers[EventHeader.CORRELATION_ID] } : {}),
  };
}

function endAll(spans: Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  }
}

/** Spans that end together, with the error that ended them if any. */
export interface SpanGroup {
  end(error?: unknown): void;
}

const NO_SPANS: SpanGroup = { end: () => undefined };

/**
 * A producer span per message, each under the message's own context: its traceparent header
 * when it has one (the outbox's stored context, an incoming event's, a dead letter's), else
 * the caller's. The message leaves with its producer span's traceparent, so the consumer's
 * span is that span's child and the order stays in one trace however the send was batched.
 */
export function startSendSpans(messages: RawOutgoingMessage[]): { messages: RawOutgoingMessage[]; spans: SpanGroup } {
  // Tracing off (the default): the messages go as they are, without a copy per message.
  if (!tracingOn()) return { messages, spans: NO_SPANS };
  const spans: Span[] = [];
  const active = context.active();
  const traced = messages.map((message) => {
    const parent: Context = message.headers[TRACEPARENT_HEADER] ? contextOfTraceparent(message.headers[TRACEPARENT_HEADER]) : active;
    const span = tracer.startSpan(`send ${message.topic}`, { kind: SpanKind.PRODUCER, attributes: attributesOf('send', message.topic, message.key, message.headers) }, parent);
    spans.push(span);
    const headers = { ...message.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    return { ...message, headers };
  });
  return { messages: traced, spans: { end: (error) => endAll(spans, error) } };
}

/**
 * A consumer span per received message, the child of its producer's span (the kafkajs
 * instrumentation only links its own per-message spans, in a batch). Returns the span's
 * traceparent per message, for the events its handling causes.
 */
export function startProcessSpans(
  topic: string,
  messages: { key: string | null; headers: Record<string, string> }[],
): { traceparents: (string | undefined)[]; spans: SpanGroup } {
  // Tracing off here: the incoming context passes through unchanged.
  if (!tracingOn()) return { traceparents: messages.map((message) => message.headers[TRACEPARENT_HEADER]), spans: NO_SPANS };
  const spans: Span[] = [];
  const traceparents = messages.map((message) => {
    const parent = contextOfTraceparent(message.headers[TRACEPARENT_HEADER]);
    const span = tracer.startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes: attributesOf('process', topic, message.key, message.headers) }, parent);
    spans.push(span);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(parent, span), carrier);
    return carrier[TRACEPARENT_HEADER];
  });
  return { traceparents, spans: { end: (error) => endAll(spans, error) } };
}
