import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NamedCircuitBreaker } from '@app/common';
import { breakerConfig } from '@app/config';
import { isPostgresOutage } from './postgres-outage';

/** The catalog's one breaker around PostgreSQL; only outages count against it. */
@Injectable()
export class CatalogStoreBreaker extends NamedCircuitBreaker implements OnApplicationShutdown {
  constructor(@Inject(breakerConfig.KEY) config: ConfigType<typeof breakerConfig>) {
    super('postgres', { ...config.postgres, isFailure: isPostgresOutage });
  }

  /** After the HTTP server has drained: requests in flight still need the breaker. */
  onApplicationShutdown(): void {
    this.shutdown();
  }
}
