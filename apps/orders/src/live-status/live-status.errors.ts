import { AppException } from '@app/common';

/** Codes of the live status stream: limits of this transport, not rules of orders. */
export const LiveStatusErrorCode = {
  TOO_MANY_STREAMS: 'ORDER.TOO_MANY_STREAMS',
  STREAMS_UNAVAILABLE: 'ORDER.STREAMS_UNAVAILABLE',
} as const;

/** Trying again after a few seconds may find a slot: one just closed, or another instance has room. */
const RETRY_AFTER = { 'Retry-After': '5' };

/** A user already holds as many live status streams on this instance as one may. */
export class TooManyStreamsError extends AppException {
  constructor(limit: number) {
    super(429, LiveStatusErrorCode.TOO_MANY_STREAMS, `At most ${limit} live status streams at once per user: close one first`, { headers: RETRY_AFTER });
  }
}

/** This instance holds as many live status streams as it may; another instance may have room. */
export class StreamsUnavailableError extends AppException {
  constructor() {
    super(503, LiveStatusErrorCode.STREAMS_UNAVAILABLE, 'No room for another live status stream here now; retry shortly', { headers: RETRY_AFTER });
  }
}
