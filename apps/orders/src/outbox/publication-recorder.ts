import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** FerretDB's limit on statements per bulk command stays far away (see README, FerretDB). */
const MAX_BATCH = 100;

/**
 * Records published orders off the request path: ids from concurrent requests are written
 * together, one insert per batch, while the next requests go on. A record that is lost (the
 * database failed, the process died) only means the relay publishes that order once more
 * after its lease, which consumers tolerate; so the request does not wait for it.
 */
@Injectable()
export class PublicationRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger(PublicationRecorder.name);
  private pending: string[] = [];
  private writing?: Promise<void>;

  constructor(private readonly outbox: OutboxRepository) {}

  record(orderIds: string[]): void {
    this.pending.push(...orderIds);
    this.writing ??= this.writeAll().finally(() => (this.writing = undefined));
  }

  /** Resolves once every id recorded so far is written (or its write failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** After the HTTP server has drained, so the last requests' records are written too. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    // One turn of the event loop gathers the ids of the requests finishing together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.outbox.recordPublished(batch, new Date());
      } catch (error) {
        this.logger.warn({ err: error, orders: batch.length }, 'published orders could not be recorded; the relay will publish them again');
      }
    }
  }
}
