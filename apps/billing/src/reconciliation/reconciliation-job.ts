import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Gauge } from 'prom-client';
import { PollingRelay } from '@app/messaging';
import { billingConfig } from '../billing.config';
import { countByKind } from './reconcile';
import { ReconciliationService } from './reconciliation.service';

export const reconciliationMismatches = new Gauge({
  name: 'billing_reconciliation_mismatches',
  help: 'Disagreements between the provider and the ledger at the last scheduled reconciliation, by kind',
  labelNames: ['kind'] as const,
});

/**
 * The scheduled check: every RECONCILE_INTERVAL_MS the provider's records against the ledger
 * (`npm run billing:reconcile` adds each order's final status). Mismatches are a metric and a warning.
 */
@Injectable()
export class ReconciliationJob extends PollingRelay {
  constructor(
    private readonly reconciliation: ReconciliationService,
    @Inject(billingConfig.KEY) config: ConfigType<typeof billingConfig>,
  ) {
    super(ReconciliationJob.name, {
      intervalMs: config.reconcileIntervalMs,
      maxBackoffMs: config.reconcileIntervalMs,
      retentionMs: Number.MAX_SAFE_INTEGER,
      firstPassAfterMs: config.reconcileIntervalMs,
    });
  }

  protected async work(): Promise<boolean> {
    const { mismatches } = await this.reconciliation.run();
    for (const [kind, count] of Object.entries(countByKind(mismatches))) reconciliationMismatches.set({ kind }, count);
    if (mismatches.length > 0) this.logger.warn({ mismatches: mismatches.slice(0, 20), total: mismatches.length }, 'the provider and the ledger disagree');
    return false;
  }

  protected async countBacklog(): Promise<number> {
    return 0;
  }

  protected describeBacklog(): string {
    return '';
  }

  protected async prune(): Promise<number> {
    return 0;
  }
}
