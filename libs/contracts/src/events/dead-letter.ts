/** Headers a dead-lettered message carries besides its own: why, and where it came from. */
export const DeadLetterHeader = {
  REASON: 'dlq-reason',
  DETAIL: 'dlq-detail',
  SOURCE_TOPIC: 'dlq-source-topic',
  SOURCE_PARTITION: 'dlq-source-partition',
  SOURCE_OFFSET: 'dlq-source-offset',
  FAILED_AT: 'dlq-failed-at',
  REDRIVE_COUNT: 'dlq-redrive-count',
} as const;

export type DeadLetterReason = 'NOT_JSON' | 'UNKNOWN_SCHEMA_VERSION' | 'INVALID_EVENT' | 'ORDER_NOT_FOUND';
