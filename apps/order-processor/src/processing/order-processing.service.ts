import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { BatchControl, BatchOutcome, causedBy, EventPublisher, IncomingEvent, TOPICS } from '@app/messaging';
import {
  DeadLetterHeader,
  DeadLetterReason,
  EventHeader,
  ORDER_PROCESSED_EVENT,
  ORDER_CANCEL_SCHEMA_VERSION,
  ORDER_CANCELLED_EVENT,
  OrderCancelledEventV1,
  ORDER_PROCESSED_SCHEMA_VERSION,
  ORDER_REJECTED_EVENT,
  ORDER_REJECTED_SCHEMA_VERSION,
  OrderProcessedEventV1,
  OrderRejectedEventV1,
  OutgoingEvent,
} from '@app/contracts';
import type { ResolvedTopics } from '@app/messaging';
import { consumerRetries, deadLetters, orderStatusTransitions } from '@app/observability';
import { DomainError, OrderErrorCode, OrderNotFoundError } from '@app/domain';
import { processorConfig } from '../processor.config';
import { parseOrderPlaced, PlacedOrderRef } from './order-placed.parser';
import { ProcessedOrdersRepository } from './processed-orders.repository';
import { describeRejection, parseStockOutcome, StockOutcome } from './stock-outcome.parser';
import { parseCancelRequest } from './cancel-request.parser';

/** Thrown out of a retry loop when the worker is shutting down: the batch stays uncommitted. */
class Aborted extends Error {}

const DEAD_LETTER_REASON_BY_CODE: Record<string, DeadLetterReason> = { [OrderErrorCode.NOT_FOUND]: 'ORDER_NOT_FOUND' };

/** Orders written (and announced) per step of a batch. */
const CHUNK = 100;

interface PlacedMessage {
  message: IncomingEvent;
  order: PlacedOrderRef;
}

interface Rejection {
  message: IncomingEvent;
  outcome: Extract<StockOutcome, { kind: 'rejected' }>;
}

/**
 * Takes a batch of OrderPlaced (one partition's fetch) from PLACED to PROCESSED — the orders
 * without catalog products; for the others the catalog's StockReserved (on catalog.stock) does,
 * and its StockRejected takes them to REJECTED — with one
 * bulk write per chunk and one OrderProcessed request. Transient failures are retried with
 * backoff until they pass (the partition waits; nothing is skipped); poison goes to the DLQ.
 */
@Injectable()
export class OrderProcessingService {
  private readonly logger = new Logger(OrderProcessingService.name);

  constructor(
    private readonly orders: ProcessedOrdersRepository,
    private readonly publisher: EventPublisher,
    @Inject(TOPICS) private readonly topics: ResolvedTopics,
    @Inject(processorConfig.KEY) private readonly config: ConfigType<typeof processorConfig>,
  ) {}

  async handleBatch(messages: IncomingEvent[], control: BatchControl): Promise<BatchOutcome> {
    try {
      const toProcess: PlacedMessage[] = [];
      const rejections: Rejection[] = [];
      const cancels: PlacedMessage[] = [];
      for (const message of messages) {
        if (message.topic === this.topics.ORDER_CANCEL_REQUESTS) {
          const parsed = parseCancelRequest(message.value);
          if (parsed.ok) cancels.push({ message, order: parsed.order });
          else await this.deadLetter(message, parsed.reason, parsed.detail, control);
          continue;
        }
        if (message.topic === this.topics.CATALOG_STOCK) {
          const parsed = parseStockOutcome(message.value);
          if (!parsed.ok) await this.deadLetter(message, parsed.reason, parsed.detail, control);
          else if (parsed.outcome.kind === 'reserved') toProcess.push({ message, order: parsed.outcome });
          else rejections.push({ message, outcome: parsed.outcome });
          continue;
        }
        const parsed = parseOrderPlaced(message.value);
        if (!parsed.ok) await this.deadLetter(message, parsed.reason, parsed.detail, control);
        // An order of catalog products waits for the catalog's answer (StockReserved / StockRejected).
        else if (!parsed.order.catalog) toProcess.push({ message, order: parsed.order });
      }
      await this.process(toProcess, control);
      for (const rejection of rejections) await this.reject(rejection, control);
      for (const cancel of cancels) await this.cancel(cancel, control);
      return 'done';
    } catch (error) {
      if (error instanceof Aborted) return 'aborted';
      throw error;
    }
  }

  /** PLACED → REJECTED with the catalog's reasons, then OrderRejected (also again after a redelivery). */
  private async reject({ message, outcome }: Rejection, control: BatchControl): Promise<void> {
    const reason = describeRejection(outcome.rejected);
    for (let missingAttempts = 0; ; missingAttempts++) {
      const at = new Date();
      const result = await this.retrying('mark an order rejected', control, () => this.orders.markRejected(outcome.orderid, reason, at));
      if (result === 'rejected') orderStatusTransitions.inc({ to: 'REJECTED' });
      if (result === 'moved-on') return;
      if (result !== 'missing') {
        await this.retrying('emit OrderRejected', control, () => this.publisher.publish([this.rejectedEvent(message, outcome, reason, at)]));
        return;
      }
      if (missingAttempts >= this.config.notFoundRetries) return this.deadLetterFor(message, new OrderNotFoundError(outcome.orderid), control);
      await this.pause(this.backoff(missingAttempts), control);
    }
  }

  /** PLACED or PROCESSED → CANCELLED, then OrderCancelled, on which the catalog gives back the stock. */
  private async cancel({ message, order }: PlacedMessage, control: BatchControl): Promise<void> {
    for (let missingAttempts = 0; ; missingAttempts++) {
      const at = new Date();
      const result = await this.retrying('mark an order cancelled', control, () => this.orders.markCancelled(order.orderid, at));
      if (result === 'cancelled') orderStatusTransitions.inc({ to: 'CANCELLED' });
      if (result === 'not-allowed') return;
      if (result !== 'missing') {
        await this.retrying('emit OrderCancelled', control, () => this.publisher.publish([this.cancelledEvent(message, order, at)]));
        return;
      }
      if (missingAttempts >= this.config.notFoundRetries) return this.deadLetterFor(message, new OrderNotFoundError(order.orderid), control);
      await this.pause(this.backoff(missingAttempts), control);
    }
  }

  private cancelledEvent(cause: IncomingEvent, order: PlacedOrderRef, at: Date): OutgoingEvent {
    const event: OrderCancelledEventV1 = {
      schemaVersion: ORDER_CANCEL_SCHEMA_VERSION,
      type: ORDER_CANCELLED_EVENT,
      eventId: `${order.orderid}:cancelled`,
      occurredAt: at.toISOString(),
      order: { orderid: order.orderid, userid: order.userid, status: 'CANCELLED' },
    };
    return {
      topic: this.topics.ORDER_CANCELLED,
      key: order.orderid,
      value: event,
      headers: { [EventHeader.EVENT_TYPE]: ORDER_CANCELLED_EVENT, [EventHeader.SCHEMA_VERSION]: String(ORDER_CANCEL_SCHEMA_VERSION), ...causedBy(cause) },
    };
  }

  private rejectedEvent(cause: IncomingEvent, outcome: Extract<StockOutcome, { kind: 'rejected' }>, reason: string, at: Date): OutgoingEvent {
    const event: OrderRejectedEventV1 = {
      schemaVersion: ORDER_REJECTED_SCHEMA_VERSION,
      type: ORDER_REJECTED_EVENT,
      eventId: `${outcome.orderid}:rejected`,
      occurredAt: at.toISOString(),
      order: { orderid: outcome.orderid, userid: outcome.userid, status: 'REJECTED', reason, rejected: outcome.rejected },
    };
    return {
      topic: this.topics.ORDER_REJECTED,
      key: outcome.orderid,
      value: event,
      headers: { [EventHeader.EVENT_TYPE]: ORDER_REJECTED_EVENT, [EventHeader.SCHEMA_VERSION]: String(ORDER_REJECTED_SCHEMA_VERSION), ...causedBy(cause) },
    };
  }

  private async process(placed: PlacedMessage[], control: BatchControl): Promise<void> {
    // A chunk's OrderProcessed goes out while the next chunk is written; the batch is done
    // (and its offsets committed) only once every one of them is acknowledged.
    const emits: Promise<void>[] = [];
    let failure: unknown;
    try {
      // A fetch may bring a thousand events; in chunks, with a heartbeat after each, the group
      // does not take the partition away while a large batch is written.
      for (let start = 0; start < placed.length; start += CHUNK) {
        await this.processChunk(placed.slice(start, start + CHUNK), control, emits);
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

  private async processChunk(placed: PlacedMessage[], control: BatchControl, emits: Promise<void>[]): Promise<void> {
    let pending = placed;
    for (let missingAttempts = 0; pending.length > 0; missingAttempts++) {
      const processedAt = new Date();
      const ids = pending.map((entry) => entry.order.orderid);
      const { missing, movedOn, processed } = await this.retrying('mark orders processed', control, () => this.orders.markProcessed(ids, processedAt));
      orderStatusTransitions.inc({ to: 'PROCESSED' }, processed);
      // Emitted for orders processed before too: an earlier emit may have failed before the
      // commit. Never for one that is CANCELLED or REJECTED: announced in the state it is in.
      const found = pending.filter((entry) => !missing.has(entry.order.orderid) && !movedOn.has(entry.order.orderid));
      if (found.length > 0) {
        const emit = this.retrying('emit OrderProcessed', control, () => this.emitProcessed(found, processedAt));
        // Handled now, judged in process(): a rejection must not go unhandled meanwhile.
        emit.catch(() => undefined);
        emits.push(emit);
      }
      pending = pending.filter((entry) => missing.has(entry.order.orderid));
      if (pending.length === 0) return;
      if (missingAttempts >= this.config.notFoundRetries) {
        for (const entry of pending) await this.deadLetterFor(entry.message, new OrderNotFoundError(entry.order.orderid), control);
        return;
      }
      await this.pause(this.backoff(missingAttempts), control);
    }
  }

  private emitProcessed(placed: PlacedMessage[], processedAt: Date): Promise<void> {
    return this.publisher.publish(
      placed.map(({ message, order }) => {
        const event: OrderProcessedEventV1 = {
          schemaVersion: ORDER_PROCESSED_SCHEMA_VERSION,
          type: ORDER_PROCESSED_EVENT,
          eventId: `${order.orderid}:processed`,
          occurredAt: processedAt.toISOString(),
          order: { orderid: order.orderid, userid: order.userid, status: 'PROCESSED', processedAt: processedAt.toISOString() },
        };
        return {
          topic: this.topics.ORDER_PROCESSED,
          key: order.orderid,
          value: event,
          headers: {
            [EventHeader.EVENT_TYPE]: ORDER_PROCESSED_EVENT,
            [EventHeader.SCHEMA_VERSION]: String(ORDER_PROCESSED_SCHEMA_VERSION),
            ...causedBy(message),
          },
        };
      }),
    );
  }

  /** The same domain errors the HTTP edge answers with a status become a reason here. */
  private deadLetterFor(message: IncomingEvent, error: DomainError, control: BatchControl): Promise<void> {
    return this.deadLetter(message, DEAD_LETTER_REASON_BY_CODE[error.code] ?? 'INVALID_EVENT', error.message, control);
  }

  private async deadLetter(message: IncomingEvent, reason: DeadLetterReason, detail: string, control: BatchControl): Promise<void> {
    this.logger.warn({ reason, detail, partition: message.partition, offset: message.offset }, 'dead-lettering a message');
    deadLetters.inc({ topic: message.topic, reason });
    await this.retrying('dead-letter a message', control, () =>
      this.publisher.publishRaw({
        topic: message.topic === this.topics.CATALOG_STOCK ? this.topics.CATALOG_STOCK_DLQ : this.topics.ORDER_PLACED_DLQ,
        key: message.key,
        value: message.rawValue,
        headers: {
          ...message.headers,
          // The redrive publishes it under this context again: the order stays in its trace.
          ...causedBy(message),
          [DeadLetterHeader.REASON]: reason,
          [DeadLetterHeader.DETAIL]: detail,
          [DeadLetterHeader.SOURCE_TOPIC]: message.topic,
          [DeadLetterHeader.SOURCE_PARTITION]: String(message.partition),
          [DeadLetterHeader.SOURCE_OFFSET]: message.offset,
          [DeadLetterHeader.FAILED_AT]: new Date().toISOString(),
        },
      }),
    );
  }

  private async retrying<T>(what: string, control: BatchControl, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (control.stopping()) throw new Aborted();
      try {
        return await operation();
      } catch (error) {
        consumerRetries.inc({ operation: what });
        const delayMs = this.backoff(attempt);
        if (attempt === 0 || attempt % 10 === 0) {
          this.logger.warn({ err: error, attempt, retryInMs: delayMs }, `could not ${what}; retrying`);
        }
        await this.pause(delayMs, control);
      }
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.config.retryInitialMs * 2 ** Math.min(attempt, 16), this.config.retryMaxMs);
  }

  private async pause(ms: number, control: BatchControl): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (control.stopping()) throw new Aborted();
      await control.heartbeat().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
    }
  }
}
