export const EventHeader = {
  CORRELATION_ID: 'correlation-id',
  EVENT_TYPE: 'event-type',
  SCHEMA_VERSION: 'schema-version',
} as const;

/** A message for the publisher: the value is serialised as JSON. */
export interface OutgoingEvent {
  topic: string;
  key: string;
  value: object;
  headers: Record<string, string>;
}

export interface RawOutgoingMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}
