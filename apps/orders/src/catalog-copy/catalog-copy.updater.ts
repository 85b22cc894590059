import { Injectable, Logger } from '@nestjs/common';
import type { BatchControl, BatchOutcome, IncomingEvent } from '@app/messaging';
import { CatalogCopyRepository } from './catalog-copy.repository';
import { newestPerProduct, parseProductEvent, ProductChange } from './product-change';

const RETRY_INITIAL_MS = 200;
const RETRY_MAX_MS = 5000;

/**
 * Keeps the catalog copy from `catalog.products`. A store failure is retried (the partition
 * waits, nothing is skipped); an event it cannot read is logged and passed over: the topic is
 * compacted, so the product's next change brings its whole state again.
 */
@Injectable()
export class CatalogCopyUpdater {
  private readonly logger = new Logger(CatalogCopyUpdater.name);

  constructor(private readonly copy: CatalogCopyRepository) {}

  async applyBatch(events: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    const changes: ProductChange[] = [];
    for (const event of events) {
      const parsed = parseProductEvent(event.value);
      if (parsed.ok) changes.push(parsed.change);
      else this.logger.error({ detail: parsed.detail, partition: event.partition, offset: event.offset }, 'a catalog event the copy cannot read; passed over');
    }
    const newest = newestPerProduct(changes);
    for (let attempt = 0; newest.length > 0; attempt++) {
      if (control.stopping()) return 'aborted';
      try {
        await this.copy.apply(newest, new Date());
        return 'done';
      } catch (error) {
        const delayMs = Math.min(RETRY_INITIAL_MS * 2 ** Math.min(attempt, 10), RETRY_MAX_MS);
        if (attempt % 10 === 0) this.logger.warn({ err: error, attempt, retryInMs: delayMs }, 'could not update the catalog copy; retrying');
        await control.heartbeat().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    return 'done';
  }
}
