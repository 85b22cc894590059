import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventPublisher, PublishBreaker, TopicAdmin, TOPICS } from '@app/messaging';
import type { ResolvedTopics } from '@app/messaging';
import { PgOutboxRelay } from '@app/postgres';
import { billingConfig } from '../billing.config';
import { BillingDatabase } from '../database/billing-database';

/** Publishes billing's outbox to `billing.payments`, in the order its events were written. */
@Injectable()
export class BillingOutboxRelay extends PgOutboxRelay {
  constructor(
    database: BillingDatabase,
    publisher: EventPublisher,
    breaker: PublishBreaker,
    topicAdmin: TopicAdmin,
    @Inject(TOPICS) topics: ResolvedTopics,
    @Inject(billingConfig.KEY) config: ConfigType<typeof billingConfig>,
  ) {
    super(
      BillingOutboxRelay.name,
      {
        table: 'billing_outbox',
        name: 'billing',
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
    return `${count} billing events wait to be published`;
  }
}
