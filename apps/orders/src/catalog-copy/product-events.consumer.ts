import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topic } from '@app/contracts';
import { BatchConsumer, BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { CatalogCopyUpdater } from './catalog-copy.updater';

/** Thin adapter from the Kafka transport to CatalogCopyUpdater. */
@Controller()
export class ProductEventsConsumer extends BatchConsumer {
  constructor(private readonly updater: CatalogCopyUpdater) {
    super();
  }

  @EventPattern(Topic.CATALOG_PRODUCTS)
  onProductEvents(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.updater.applyBatch(events, this.controlFor(context));
  }
}
