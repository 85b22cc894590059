import { Controller, OnModuleDestroy } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topic } from '@app/contracts';
import { BatchOutcome, EventBatchContext, IncomingEvent } from '@app/messaging';
import { CatalogCopyUpdater } from './catalog-copy.updater';

/** Thin adapter from the Kafka transport to CatalogCopyUpdater. */
@Controller()
export class ProductEventsConsumer implements OnModuleDestroy {
  private stopping = false;

  constructor(private readonly updater: CatalogCopyUpdater) {}

  @EventPattern(Topic.CATALOG_PRODUCTS)
  onProductEvents(@Payload() events: IncomingEvent[], @Ctx() context: EventBatchContext): Promise<BatchOutcome> {
    return this.updater.applyBatch(events, { stopping: () => this.stopping, heartbeat: context.heartbeat });
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }
}
