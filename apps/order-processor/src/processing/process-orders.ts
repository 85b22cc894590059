import { Injectable } from '@nestjs/common';
import { BatchControl, EventPublisher } from '@app/messaging';
import { orderStatusTransitions } from '@app/observability';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { CapturedPayment, ProcessedOrdersRepository } from './processed-orders.repository';
import { OrderMessage, StatusWriteRetry } from './status-write-retry';

/** Orders written (and announced) per step of a batch. */
const CHUNK = 100;

/**
 * PLACED → PROCESSED, then OrderProcessed: on billing's PaymentCaptured (or, with payments off,
 * on the OrderPlaced of an order without catalog products and on the catalog's StockReserved). One bulk write per chunk and one
 * publish request for its announcements.
 */
@Injectable()
export class ProcessOrders {
  constructor(
    private readonly orders: ProcessedOrdersRepository,
    private readonly publisher: EventPublisher,
    private readonly events: OrderStatusEventMapper,
    private readonly retry: StatusWriteRetry,
  ) {}

  /** `payments`: what billing charged each order, written with PROCESSED. */
  async handle(placed: OrderMessage[], control: BatchControl, payments?: ReadonlyMap<string, CapturedPayment>): Promise<void> {
    // A chunk's OrderProcessed goes out while the next chunk is written; the batch is done
    // (and its offsets committed) only once every one of them is acknowledged.
    const emits: Promise<void>[] = [];
    let failure: unknown;
    try {
      // A fetch may bring a thousand events; in chunks, with a heartbeat after each, the group
      // does not take the partition away while a large batch is written.
      for (let start = 0; start < placed.length; start += CHUNK) {
        await this.retry.untilFound(placed.slice(start, start + CHUNK), control, (pending) => this.processChunk(pending, control, emits, payments));
        await control.heartbeat().catch(() => undefined);
      }
    } catch (error) {
      failure = error;
    }
    const settled = await Promise.allSettled(emits);
    if (failure !== undefined) throw failure;
    const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  /** Writes and announces the chunk; answers the orders that are not there yet. */
  private async processChunk(pending: OrderMessage[], control: BatchControl, emits: Promise<void>[], payments?: ReadonlyMap<string, CapturedPayment>): Promise<OrderMessage[]> {
    const processedAt = new Date();
    const ids = pending.map(({ order }) => order.orderid);
    const { missing, movedOn, processed } = await this.retry.retrying('mark orders processed', control, () => this.orders.markProcessed(ids, processedAt, payments));
    orderStatusTransitions.inc({ to: 'PROCESSED' }, processed);
    // Announced for orders processed before too: an earlier announcement may have failed before
    // the commit. Never for one that is CANCELLED or REJECTED: announced in the state it is in.
    const found = pending.filter(({ order }) => !missing.has(order.orderid) && !movedOn.has(order.orderid));
    if (found.length > 0) {
      const events = found.map(({ message, order }) => {
        const paid = payments?.get(order.orderid);
        return this.events.processed(message, order, processedAt, paid && { status: 'CAPTURED', amountMinor: paid.amountMinor, currency: paid.currency, refundedMinor: 0 });
      });
      const emit = this.retry.retrying('emit OrderProcessed', control, () => this.publisher.publish(events));
      // Handled now, judged in handle(): a rejection must not go unhandled meanwhile.
      emit.catch(() => undefined);
      emits.push(emit);
    }
    return pending.filter(({ order }) => missing.has(order.orderid));
  }
}
