import type { KafkaMessage } from 'kafkajs';
import { TRACEPARENT_HEADER } from '@app/observability';

/** A consumed message as handlers see it, without any Kafka client type. */
export interface IncomingEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The value as the transport decoded it: parsed JSON, or the text when it is not JSON. */
  value: unknown;
  /** The value as text, to forward unchanged (e.g. to a DLQ). */
  rawValue: string | null;
  headers: Record<string, string>;
  /** The trace context this event is handled in (W3C traceparent); see causedBy. */
  traceparent?: string;
}

/**
 * Headers that put an event into the trace of the event that caused it: spread into the
 * headers of every event a handler publishes because of `event`.
 */
export function causedBy(event: IncomingEvent): Record<string, string> {
  return event.traceparent ? { [TRACEPARENT_HEADER]: event.traceparent } : {};
}

/** A key, header or value as text (Kafka hands them over as buffers). */
export function toHeaderText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A kafkajs message as an IncomingEvent: key, headers and value as text, the value also decoded. */
export function incomingEventOf(topic: string, partition: number, message: KafkaMessage): IncomingEvent {
  const rawValue = toHeaderText(message.value);
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers ?? {})) {
    const text = toHeaderText(Array.isArray(header) ? header[0] : header);
    if (text !== null) headers[name] = text;
  }
  return { topic, partition, offset: message.offset, key: toHeaderText(message.key), value: decodeValue(rawValue), rawValue, headers };
}

/** As Nest's Kafka transport decodes a value: parsed JSON, or the text when it is not JSON. */
function decodeValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
