import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Something an app adds to GET /health/ready beyond MongoDB (Kafka, breakers, consumer state). */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
