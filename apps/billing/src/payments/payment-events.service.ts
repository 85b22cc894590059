import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { paymentsConfig } from '@app/config';
import { BatchControl, BatchOutcome, IncomingEvent, retryUntilStopped } from '@app/messaging';
import { billingConfig } from '../billing.config';
import { CompensationJob } from '../compensations/compensation-job';
import { ChargeJob } from './charge-job';
import type { BillingInput, ParsedInput } from './consumed-events.parser';
import { PaymentsRepository } from './payments.repository';

/**
 * What the consumed events do to billing's state, one event at a time in partition order. Only
 * PostgreSQL is written here (the provider is the charge job's and the compensation job's), so a
 * slow provider never holds a partition. PostgreSQL down: the event is tried again (the partition
 * waits; nothing is skipped). An event billing cannot read is logged and passed over: the order
 * processor dead-letters the same event.
 */
@Injectable()
export class PaymentEventsService {
  private readonly logger = new Logger(PaymentEventsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly charges: ChargeJob,
    private readonly compensations: CompensationJob,
    @Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>,
    @Inject(paymentsConfig.KEY) private readonly settings: ConfigType<typeof paymentsConfig>,
  ) {}

  async handle(events: IncomingEvent[], parse: (value: unknown) => ParsedInput, control: BatchControl): Promise<BatchOutcome> {
    for (const event of events) {
      const parsed = parse(event.value);
      if (!parsed.ok) {
        this.logger.error({ topic: event.topic, partition: event.partition, offset: event.offset, detail: parsed.detail }, 'an event billing cannot read; passed over');
        continue;
      }
      const applied = await retryUntilStopped(control, this.logger, `record ${parsed.input.kind}`, () => this.apply(parsed.input));
      if (applied === undefined) return 'aborted';
    }
    return 'done';
  }

  private async apply(input: BillingInput): Promise<true> {
    switch (input.kind) {
      case 'placed': {
        const state = await this.payments.recordPlaced({ ...input.order, paymentMethod: input.order.paymentMethod ?? this.settings.defaultMethod });
        if (state === 'DUE') this.charges.wake();
        break;
      }
      case 'stock':
        if ((await this.payments.recordStock(input.orderId, input.userId, input.outcome)) === 'DUE') this.charges.wake();
        break;
      case 'cancelled':
        if (await this.payments.recordCancelled(input.orderId, input.userId, 2 * this.config.provider.timeoutMs + 5000)) this.compensations.wake();
        break;
      case 'withdrawn': {
        const refunds = await this.payments.refundWithdrawn(input.productId, input.at, new Date(input.at.getTime() - this.config.refundWindowMs));
        if (refunds > 0) {
          this.logger.log({ productId: input.productId, refunds }, 'product withdrawn: its paid orders are refunded');
          this.compensations.wake();
        }
        break;
      }
      case 'ignored':
        break;
    }
    return true;
  }
}
