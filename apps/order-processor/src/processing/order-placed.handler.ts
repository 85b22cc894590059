import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { paymentsConfig } from '@app/config';
import { BatchControl, BatchOutcome, batchOutcomeOf, IncomingEvent } from '@app/messaging';
import { DeadLetters } from './dead-letters';
import { parseOrderPlaced } from './order-placed.parser';
import { ProcessOrders } from './process-orders';
import type { OrderMessage } from './status-write-retry';

/**
 * OrderPlaced off `orders.placed`. With payments on, nothing to do but refuse what cannot be read
 * (billing charges the order and its PaymentCaptured processes it); with payments off an order
 * without catalog products is PROCESSED now.
 */
@Injectable()
export class OrderPlacedHandler {
  constructor(
    private readonly processOrders: ProcessOrders,
    private readonly deadLetters: DeadLetters,
    @Inject(paymentsConfig.KEY) private readonly payments: ConfigType<typeof paymentsConfig>,
  ) {}

  handle(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    return batchOutcomeOf(async () => {
      const ready: OrderMessage[] = [];
      for (const message of messages) {
        const parsed = parseOrderPlaced(message.value);
        if (!parsed.ok) await this.deadLetters.send(message, parsed.reason, parsed.detail, control);
        // An order of catalog products waits for the catalog's answer (StockReserved / StockRejected).
        else if (!parsed.order.catalog && !this.payments.enabled) ready.push({ message, order: parsed.order });
      }
      await this.processOrders.handle(ready, control);
    });
  }
}
