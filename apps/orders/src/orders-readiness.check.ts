import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@app/health';
import { PublishBreaker } from '@app/messaging';
import { StoreBreaker } from '@app/persistence';
import { OutboxRelay } from './outbox/outbox-relay.service';

/**
 * Breaker states and the outbox backlog, for operators. Always "up": with Kafka's breaker
 * open the app still accepts orders, and MongoDB's own check decides readiness.
 */
@Injectable()
export class OrdersReadinessCheck implements ReadinessCheck {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: StoreBreaker,
    private readonly publish: PublishBreaker,
    private readonly relay: OutboxRelay,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    return this.health.check('orders').up({
      breakers: { mongo: this.store.state, kafka: this.publish.state },
      unpublishedBacklog: this.relay.backlogSize ?? null,
    });
  }
}
