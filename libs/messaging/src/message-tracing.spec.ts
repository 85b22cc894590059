import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { startProcessSpans, startSendSpans } from './message-tracing';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});

afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

beforeEach(() => exporter.reset());

const tracer = () => trace.getTracer('test');
const traceparentOf = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;

describe('startSendSpans', () => {
  it('puts each message of one batch into its own trace: its traceparent header, else the caller’s', () => {
    const request = tracer().startSpan('POST /order');
    const stored = traceparentOf('a'.repeat(32), 'b'.repeat(16));
    const { messages, spans } = context.with(trace.setSpan(ROOT_CONTEXT, request), () =>
      startSendSpans([
        { topic: 't', key: 'relayed', value: '{}', headers: { traceparent: stored } },
        { topic: 't', key: 'fresh', value: '{}', headers: { 'event-type': 'OrderPlaced' } },
      ]),
    );
    spans.end();
    request.end();
    const sends = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.PRODUCER);
    const relayed = sends.find((span) => span.attributes['messaging.kafka.message.key'] === 'relayed');
    const fresh = sends.find((span) => span.attributes['messaging.kafka.message.key'] === 'fresh');
    expect(relayed?.spanContext().traceId).toBe('a'.repeat(32));
    expect(relayed?.parentSpanContext?.spanId).toBe('b'.repeat(16));
    expect(fresh?.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(fresh?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    // Each message leaves with its own producer span as the consumer's parent; other headers stay.
    expect(messages[0].headers.traceparent).toBe(traceparentOf('a'.repeat(32), relayed!.spanContext().spanId));
    expect(messages[1].headers.traceparent).toBe(traceparentOf(request.spanContext().traceId, fresh!.spanContext().spanId));
    expect(messages[1].headers['event-type']).toBe('OrderPlaced');
  });

  it('marks the spans failed when the send failed', () => {
    startSendSpans([{ topic: 't', key: 'k', value: null, headers: {} }]).spans.end(new Error('broker down'));
    expect(exporter.getFinishedSpans()[0].status).toEqual({ code: 2, message: 'broker down' });
  });
});

describe('startProcessSpans', () => {
  it('parents each received message’s span on its producer span, and hands its context on', () => {
    const producer = traceparentOf('c'.repeat(32), 'd'.repeat(16));
    const { traceparents, spans } = startProcessSpans('orders.placed', [
      { key: 'one', headers: { traceparent: producer } },
      { key: 'two', headers: {} },
    ]);
    spans.end();
    const [first, second] = exporter.getFinishedSpans();
    expect(first.kind).toBe(SpanKind.CONSUMER);
    expect(first.spanContext().traceId).toBe('c'.repeat(32));
    expect(first.parentSpanContext?.spanId).toBe('d'.repeat(16));
    expect(traceparents[0]).toBe(traceparentOf('c'.repeat(32), first.spanContext().spanId));
    // Without a producer context the message starts a trace of its own.
    expect(second.parentSpanContext).toBeUndefined();
    expect(traceparents[1]).toBe(traceparentOf(second.spanContext().traceId, second.spanContext().spanId));
  });
});
