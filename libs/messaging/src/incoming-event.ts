import { KafkaContext } from '@nestjs/microservices';

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

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function incomingEventFrom(context: KafkaContext, value: unknown): IncomingEvent {
  const message = context.getMessage();
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers ?? {})) {
    const headerText = text(Array.isArray(header) ? header[0] : header);
    if (headerText !== null) headers[name] = headerText;
  }
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: text(message.key),
    value,
    rawValue: text(message.value),
    headers,
  };
}

/** Commits past this message: call only once its work is done (or it was dead-lettered). */
export async function commitMessage(context: KafkaContext): Promise<void> {
  const next = (BigInt(context.getMessage().offset) + 1n).toString();
  await context.getConsumer().commitOffsets([{ topic: context.getTopic(), partition: context.getPartition(), offset: next }]);
}
