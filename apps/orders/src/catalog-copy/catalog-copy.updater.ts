import { Injectable, Logger } from '@nestjs/common';
import { BatchControl, BatchOutcome, IncomingEvent, retryUntilStopped } from '@app/messaging';
import { CatalogCopyRepository } from './catalog-copy.repository';
import { newestPerProduct, parseProductEvent, ProductChange } from './product-change';

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
    if (newest.length === 0) return 'done';
    const applied = await retryUntilStopped(control, this.logger, 'update the catalog copy', () => this.copy.apply(newest, new Date()));
    return applied === undefined ? 'aborted' : 'done';
  }
}
