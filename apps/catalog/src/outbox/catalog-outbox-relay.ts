import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventPublisher, PublishBreaker, TopicAdmin, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import { PgOutboxRelay } from '@app/postgres';
import { catalogConfig } from '../catalog.config';
import { CatalogDatabase } from '../database/catalog-database';

/**
 * Publishes the catalog's outbox (`catalog.products` and `catalog.stock`) in position order. A
 * product's changes lock its row, so its events enter the outbox in version order and leave it
 * in the same order.
 */
@Injectable()
export class CatalogOutboxRelay extends PgOutboxRelay {
  constructor(
    database: CatalogDatabase,
    publisher: EventPublisher,
    breaker: PublishBreaker,
    topicAdmin: TopicAdmin,
    @Inject(TOPICS) topics: ResolvedTopics,
    @Inject(catalogConfig.KEY) config: ConfigType<typeof catalogConfig>,
  ) {
    super(
      CatalogOutboxRelay.name,
      {
        table: 'catalog_outbox',
        name: 'catalog',
        batchSize: config.relayBatchSize,
        intervalMs: config.relayIntervalMs,
        maxBackoffMs: config.relayMaxBackoffMs,
        retentionMs: config.outboxRetentionMs,
        firstPassAfterMs: 0,
      },
      { database, publisher, breaker, topicAdmin, topics },
    );
  }

  protected describeBacklog(count: number): string {
    return `${count} catalog events wait to be published`;
  }
}
