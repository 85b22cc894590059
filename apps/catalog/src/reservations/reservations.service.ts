import { Injectable, Logger } from '@nestjs/common';
import { BatchControl, BatchOutcome, IncomingEvent, retryUntilStopped } from '@app/messaging';
import { CatalogOutboxRelay } from '../outbox/catalog-outbox-relay';
import { reservationOutcomes } from './reservation.metrics';
import { ParsedCancelledOrder, parseCancelledOrder, parsePlacedOrder } from './placed-order.parser';
import { StockReservationsRepository } from './stock-reservations.repository';

/**
 * Reserves the stock of placed orders, in the order they arrive on each partition. PostgreSQL
 * down: the order is tried again (the partition waits; nothing is skipped, nothing is answered
 * twice: each order's answer is written once, with its reservation). An event it cannot read is
 * logged and passed over: the order processor dead-letters the same event.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(
    private readonly reservations: StockReservationsRepository,
    private readonly outbox: CatalogOutboxRelay,
  ) {}

  async handleBatch(events: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    for (const event of events) {
      const parsed = parsePlacedOrder(event.value);
      if (!parsed.ok) {
        this.logger.error({ detail: parsed.detail, partition: event.partition, offset: event.offset }, 'an OrderPlaced the catalog cannot read; passed over');
        continue;
      }
      if (!parsed.order) continue;
      const order = { ...parsed.order, ...(event.traceparent ? { traceparent: event.traceparent } : {}) };
      const answered = await retryUntilStopped(control, this.logger, 'reserve stock', () => this.reservations.reserve(order, order.lines, new Date()));
      if (answered === undefined) return 'aborted';
      reservationOutcomes.inc({ outcome: answered.outcome });
      this.outbox.wake();
    }
    return 'done';
  }

  /**
   * Cancelled orders (and, with `parse`, orders whose payment was declined or refunded for a
   * withdrawn product): what they hold goes back (compensation), once per order.
   */
  async releaseBatch(events: IncomingEvent[], control: BatchControl, parse: (value: unknown) => ParsedCancelledOrder = parseCancelledOrder): Promise<BatchOutcome> {
    for (const event of events) {
      const parsed = parse(event.value);
      if (!parsed.ok) {
        this.logger.error({ topic: event.topic, detail: parsed.detail, partition: event.partition, offset: event.offset }, 'an event the catalog cannot read; passed over');
        continue;
      }
      if (parsed.orderId === null) continue;
      const orderId = parsed.orderId;
      const released = await retryUntilStopped(control, this.logger, 'release stock', () => this.reservations.release(orderId, new Date()));
      if (released === undefined) return 'aborted';
      if (released === 'released') {
        reservationOutcomes.inc({ outcome: 'released' });
        this.outbox.wake();
      }
    }
    return 'done';
  }
}
