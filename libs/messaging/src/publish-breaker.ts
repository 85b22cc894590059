import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { breakerConfig } from '@app/config';
import { NamedCircuitBreaker } from '@app/common';

/**
 * The breaker around publishing to Kafka, for a caller that would rather give up at once
 * (and leave the event to a retry of its own) than wait out a broker outage.
 */
@Injectable()
export class PublishBreaker extends NamedCircuitBreaker implements OnApplicationShutdown {
  constructor(@Inject(breakerConfig.KEY) config: ConfigType<typeof breakerConfig>) {
    super('kafka', config.kafka);
  }

  /** After the HTTP server has drained: requests still in flight need the breaker. */
  onApplicationShutdown(): void {
    this.shutdown();
  }
}

/** Needs breakerConfig loaded. */
@Global()
@Module({ providers: [PublishBreaker], exports: [PublishBreaker] })
export class PublishBreakerModule {}
