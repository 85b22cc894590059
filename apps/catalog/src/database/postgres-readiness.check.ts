import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@app/health';
import { CatalogDatabase } from './catalog-database';

/** Ready means PostgreSQL runs a statement within two seconds (`postgres` in /health/ready). */
@Injectable()
export class PostgresReadinessCheck implements ReadinessCheck {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly database: CatalogDatabase,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('postgres');
    try {
      await Promise.race([
        this.database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2000 ms')), 2000).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
