import { gauge } from './platform-metrics';

export interface OutboxBacklog {
  /** Events stored and not yet published. */
  unpublished: number;
  /** When the oldest of them was stored; undefined when there is none. */
  oldestStoredAt?: Date;
}

/** A scrape waits this long for the store at most: a down database must not hang /metrics. */
const READ_TIMEOUT_MS = 2000;

const outboxes = new Map<string, () => Promise<OutboxBacklog>>();
const lastKnown = new Map<string, OutboxBacklog>();

async function readAll(): Promise<void> {
  await Promise.all(
    [...outboxes].map(async ([name, read]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), READ_TIMEOUT_MS)));
      try {
        lastKnown.set(name, await Promise.race([read(), timeout]));
      } catch {
        // The store is down: the last reading stays, and the readiness check says why.
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

let reading: Promise<void> | undefined;

/** One read per scrape for both gauges (prom-client collects metrics concurrently). */
function freshReadings(): Promise<void> {
  reading ??= readAll().finally(() => (reading = undefined));
  return reading;
}

gauge({
  name: 'outbox_unpublished_events',
  help: 'Events stored in an outbox and not yet published to Kafka',
  labelNames: ['outbox'],
  async collect() {
    await freshReadings();
    this.reset();
    for (const [outbox, backlog] of lastKnown) this.set({ outbox }, backlog.unpublished);
  },
});

gauge({
  name: 'outbox_oldest_unpublished_age_seconds',
  help: 'Age of the oldest event in an outbox not yet published (0 when none waits)',
  labelNames: ['outbox'],
  async collect() {
    await freshReadings();
    this.reset();
    for (const [outbox, backlog] of lastKnown) {
      this.set({ outbox }, backlog.oldestStoredAt ? Math.max(0, (Date.now() - backlog.oldestStoredAt.getTime()) / 1000) : 0);
    }
  },
});

/** Reports an outbox's backlog at each scrape, read from its store. */
export function trackOutbox(name: string, read: () => Promise<OutboxBacklog>): () => void {
  outboxes.set(name, read);
  return () => {
    if (outboxes.get(name) === read) {
      outboxes.delete(name);
      lastKnown.delete(name);
    }
  };
}
