import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { breakerConfig } from '@app/config';
import { NamedCircuitBreaker } from '@app/common';

const TRANSIENT_MONGO_ERROR = /Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared|Timeout|Interrupted/;

/** Whether a MongoDB error says the database is unreachable (not that the request was wrong). */
export function isStoreOutage(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const code = (error as { code?: unknown } | undefined)?.code;
  return TRANSIENT_MONGO_ERROR.test(name) || code === 'ETIMEDOUT';
}

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
