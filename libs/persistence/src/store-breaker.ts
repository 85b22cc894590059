import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { breakerConfig } from '@app/config';
import { NamedCircuitBreaker } from '@app/common';
import { isMongoOutage } from './mongo-outage';

/**
 * The app's one breaker around MongoDB: every repository runs its calls through it, and only
 * outages (not a duplicate key or bad input) count against it.
 */
@Injectable()
export class StoreBreaker extends NamedCircuitBreaker implements OnApplicationShutdown {
  constructor(@Inject(breakerConfig.KEY) config: ConfigType<typeof breakerConfig>) {
    super('mongo', { ...config.mongo, isFailure: isMongoOutage });
  }

  /** After the HTTP server has drained and the consumer stopped: work in flight needs the breaker. */
  onApplicationShutdown(): void {
    this.shutdown();
  }
}

/** For apps whose repositories use StoreBreaker; needs breakerConfig loaded. */
@Global()
@Module({ providers: [StoreBreaker], exports: [StoreBreaker] })
export class StoreBreakerModule {}
