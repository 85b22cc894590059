import { createParser } from 'eventsource-parser';
import type { OrderStatus, Payment } from './api';

export interface StatusUpdate {
  orderid: string;
  status: OrderStatus;
  reason?: string;
  /** What is known of the payment now (a decline carries its status alone). */
  payment?: Partial<Payment> & Pick<Payment, 'status'>;
  at: string;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * Follows GET /api/orders/events with the bearer token (EventSource cannot send one): fetch,
 * eventsource-parser over the body, and a reconnect with a growing pause when the stream ends.
 * Returns the function that stops it.
 */
export function followStatuses(token: string, onUpdate: (update: StatusUpdate) => void, onState: (state: LiveState) => void): () => void {
  const abort = new AbortController();
  let pauseMs = 1000;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const answer = await fetch('/api/orders/events', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
        if (answer.status === 401 || answer.status === 403) {
          onState('stopped');
          return;
        }
        if (answer.ok && answer.body) {
          onState('live');
          pauseMs = 1000;
          const parser = createParser({
            onEvent: (event) => {
              if (event.event === 'order-status') onUpdate(JSON.parse(event.data) as StatusUpdate);
            },
          });
          const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(value);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise((done) => setTimeout(done, pauseMs));
      pauseMs = Math.min(pauseMs * 2, 10_000);
    }
  };
  onState('connecting');
  void run();
  return () => abort.abort();
}
