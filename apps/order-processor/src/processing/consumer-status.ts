import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@app/health';

/** The consumer's last reported state (connected, rebalancing, crashed, …) for readiness. */
@Injectable()
export class ConsumerStatus implements ReadinessCheck {
  private status = 'starting';

  constructor(private readonly health: HealthIndicatorService) {}

  set(status: string): void {
    this.status = status;
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('consumer');
    return ['connected', 'rebalancing'].includes(this.status)
      ? indicator.up({ state: this.status })
      : indicator.down({ state: this.status });
  }
}
