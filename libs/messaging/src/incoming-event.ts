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
}

/** A key, header or value as text (Kafka hands them over as buffers). */
export function toHeaderText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
