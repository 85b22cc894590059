import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA } from './messaging.tokens';

const CHECK_TIMEOUT_MS = 2500;

/**
 * Readiness of the Kafka cluster: a metadata round trip through one long-lived admin client.
 * An app that uses Kafka lists it among its readiness checks (HealthModule.forRoot).
 */
@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin?: Admin;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthIndicatorService,
  ) {}

  /** A ReadinessCheck (libs/health) by its shape: the cluster under the key `kafka`. */
  check(): Promise<HealthIndicatorResult> {
    return this.isHealthy('kafka');
  }

  async isHealthy(key = 'kafka'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const check = this.describeCluster();
      const settled = check.catch(() => undefined).finally(() => this.inFlight.delete(settled));
      this.inFlight.add(settled);
      const brokers = await withTimeout(check, CHECK_TIMEOUT_MS);
      return indicator.up({ brokers });
    } catch (error) {
      await this.dropAdmin();
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    // A check that outlived its timeout is still talking to the broker: let it finish
    // (kafkajs bounds it) so nothing of the client runs after the app has closed.
    await Promise.all(this.inFlight);
    await this.dropAdmin();
  }

  private async describeCluster(): Promise<number> {
    if (!this.admin) {
      this.admin = this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
    }
    const cluster = await this.admin.describeCluster();
    return cluster.brokers.length;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
