import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, MongooseHealthIndicator } from '@nestjs/terminus';
import type { ReadinessCheck } from '@app/health';

/** Ready means MongoDB answers a ping within two seconds (`mongo` in /health/ready). */
@Injectable()
export class MongoReadinessCheck implements ReadinessCheck {
  constructor(private readonly mongoose: MongooseHealthIndicator) {}

  check(): Promise<HealthIndicatorResult> {
    return this.mongoose.pingCheck('mongo', { timeout: 2000 });
  }
}
