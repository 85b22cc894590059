import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Something GET /health/ready checks: the app's database, Kafka, breakers, consumer state. */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
