import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { breakerConfig } from '@app/config';
import { NamedCircuitBreaker } from '@app/common';

import { isMongoOutage } from '@app/persistence';

export const isStoreOutage = isMongoOutage;

/** The two breakers of the orders app: MongoDB (`store`) and Kafka (`publish`). */
@Injectable()
export class OrderBreakers implements OnModuleDestroy {
  readonly store: NamedCircuitBreaker;
  readonly publish: NamedCircuitBreaker;

  constructor(@Inject(breakerConfig.KEY) config: ConfigType<typeof breakerConfig>) {
    this.store = new NamedCircuitBreaker('mongo', { ...config.mongo, isFailure: isStoreOutage });
    this.publish = new NamedCircuitBreaker('kafka', config.kafka);
  }

  onModuleDestroy(): void {
    this.store.shutdown();
    this.publish.shutdown();
  }
}
