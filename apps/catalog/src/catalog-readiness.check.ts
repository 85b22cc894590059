import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@app/health';
import { PublishBreaker } from '@app/messaging';
import { CatalogStoreBreaker } from './database/catalog-store-breaker';
import { CatalogOutboxRelay } from './outbox/catalog-outbox-relay';

/**
 * Breaker states and the outbox backlog, for operators. Always "up": with Kafka away the
 * catalog still takes writes, and PostgreSQL's own check decides readiness.
 */
@Injectable()
export class CatalogReadinessCheck implements ReadinessCheck {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: CatalogStoreBreaker,
    private readonly publish: PublishBreaker,
    private readonly relay: CatalogOutboxRelay,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    return this.health.check('catalog').up({
      breakers: { postgres: this.store.state, kafka: this.publish.state },
      unpublishedBacklog: this.relay.backlogSize ?? null,
    });
  }
}
