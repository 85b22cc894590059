import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { breakerConfig } from '@app/config';
import { NamedCircuitBreaker } from '@app/common';

import { isMongoOutage } from '@app/persistence';

export const isStoreOutage = isMongoOutage;

/** The two breakers of the orders app: MongoDB (`store`) and Kafka (`publish`). */
@Injectable()
export class OrderBreakers implements OnApplicationShutdown {
  readonly store: NamedCircuitBreaker;
  readonly publish: NamedCircuitBreaker;

  constructor(@Inject(breakerConfig.KEY) config: ConfigType<typeof breakerConfig>) {
    this.store = new NamedCircuitBreaker('mongo', { ...config.mongo, isFailure: isStoreOutage });
    this.publish = new NamedCircuitBreaker('kafka', config.kafka);
  }

  /** After the HTTP server has drained: requests still in flight need the breakers. */
  onApplicationShutdown(): void {
    this.store.shutdown();
    this.publish.shutdown();
  }
}
