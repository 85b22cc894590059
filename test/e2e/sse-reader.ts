import { createParser, EventSourceMessage } from 'eventsource-parser';

/**
 * A server-sent events stream read the way the web page reads it: fetch with a bearer token
 * (EventSource cannot send one) and eventsource-parser over the body.
 */
export class SseReader {
  readonly events: EventSourceMessage[] = [];
  readonly chunks: string[] = [];
  status = 0;
  headers = new Headers();
  private readonly abort = new AbortController();
  private reading?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Resolves once the answer's head is in; the body is read on in the background. */
  async open(): Promise<void> {
    const answer = await fetch(this.url, { headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' }, signal: this.abort.signal });
    this.status = answer.status;
    this.headers = answer.headers;
    if (!answer.body || !answer.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const parser = createParser({ onEvent: (event) => this.events.push(event) });
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    this.reading = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          this.chunks.push(value);
          parser.feed(value);
        }
      } catch {
        // Aborted by close(), or the server ended the stream.
      }
    })();
  }

  /** The parsed `data` of the events of one type, as JSON. */
  data<T>(type: string): T[] {
    return this.events.filter((event) => event.event === type).map((event) => JSON.parse(event.data) as T);
  }

  /** Resolves when the server ended the stream (or close() did). */
  ended(): Promise<void> {
    return this.reading ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}
