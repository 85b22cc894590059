import { BatchControl, EventPublisher, IncomingEvent } from '@app/messaging';
import { ORDER_PLACED_EVENT, ORDER_PLACED_SCHEMA_VERSION, OutgoingEvent, RawOutgoingMessage } from '@app/contracts';
import type { ResolvedTopics } from '@app/messaging';
import { CancelRequestHandler } from './cancel-request.handler';
import { DeadLetters } from './dead-letters';
import { OrderPlacedHandler } from './order-placed.handler';
import { OrderStatusChange } from './order-status-change';
import { OrderStatusEventMapper } from './order-status.event-mapper';
import { ProcessOrders } from './process-orders';
import { StatusWriteRetry } from './status-write-retry';
import { StockOutcomeHandler } from './stock-outcome.handler';
import { PaymentOutcomeHandler } from './payment-outcome.handler';
import { CancelOutcome, ProcessedOrdersRepository, ProcessOutcome, RefundOutcome, RejectOutcome } from './processed-orders.repository';

const topics = {
  ORDER_PLACED: 'orders.placed',
  ORDER_PLACED_DLQ: 'orders.placed.dlq',
  ORDER_PROCESSED: 'orders.processed',
  ORDER_REJECTED: 'orders.rejected',
  CATALOG_STOCK: 'catalog.stock',
  CATALOG_STOCK_DLQ: 'catalog.stock.dlq',
  BILLING_PAYMENTS_DLQ: 'billing.payments.dlq',
  ORDER_CANCEL_REQUESTS: 'orders.cancel-requests',
  ORDER_CANCELLED: 'orders.cancelled',
  BILLING_PAYMENTS: 'billing.payments',
} as ResolvedTopics;
const config = { partitionConcurrency: 3, notFoundRetries: 1, retryInitialMs: 10, retryMaxMs: 20 };

let offset = 0;
function placed(orderid: string): IncomingEvent {
  const value = { schemaVersion: ORDER_PLACED_SCHEMA_VERSION, type: ORDER_PLACED_EVENT, order: { orderid, userid: 'u1', costMinor: 500, orderitems: [{ name: 'x', quantity: 1 }] } };
  return { topic: topics.ORDER_PLACED, partition: 0, offset: String(offset++), key: orderid, value, rawValue: JSON.stringify(value), headers: {} };
}
function stock(orderid: string, rejected?: object[]): IncomingEvent {
  const value = { schemaVersion: 1, type: rejected ? 'StockRejected' : 'StockReserved', order: { orderid, userid: 'u1', ...(rejected ? { rejected } : { lines: [] }) } };
  return { topic: topics.CATALOG_STOCK, partition: 0, offset: String(offset++), key: orderid, value, rawValue: JSON.stringify(value), headers: {} };
}
function placedFromCatalog(orderid: string): IncomingEvent {
  const value = { schemaVersion: 1, type: 'OrderPlaced', order: { orderid, userid: 'u1', costMinor: 500, orderitems: [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', name: 'x', quantity: 1 }] } };
  return { topic: topics.ORDER_PLACED, partition: 0, offset: String(offset++), key: orderid, value, rawValue: JSON.stringify(value), headers: {} };
}
function paymentEvent(orderid: string, type: string, payment: object): IncomingEvent {
  const value = { schemaVersion: 1, type, eventId: `${orderid}:x`, occurredAt: new Date().toISOString(), order: { orderid, userid: 'u1' }, payment };
  return { topic: topics.BILLING_PAYMENTS, partition: 0, offset: String(offset++), key: orderid, value, rawValue: JSON.stringify(value), headers: {} };
}
const poison = (): IncomingEvent => ({ topic: topics.ORDER_PLACED, partition: 0, offset: String(offset++), key: null, value: 'not json', rawValue: 'not json', headers: {} });
const id = (n: number) => n.toString(16).padStart(24, '0');

function setup(markProcessed: (ids: string[]) => Promise<ProcessOutcome>, markRejected: () => Promise<RejectOutcome> = async () => 'rejected', paymentsEnabled = false) {
  const payments = { enabled: paymentsEnabled, currency: 'usd', defaultMethod: 'pm_card_visa' };
  const published: OutgoingEvent[][] = [];
  const deadLetters: RawOutgoingMessage[] = [];
  class FakeRepository extends ProcessedOrdersRepository {
    markProcessed = jest.fn((ids: string[]) => markProcessed(ids));
    markRejected = jest.fn(markRejected);
    markCancelled = jest.fn(async (): Promise<CancelOutcome> => 'cancelled');
    markRefunded = jest.fn(async (): Promise<RefundOutcome> => 'refunded');
  }
  const repository = new FakeRepository();
  const publisher = {
    publish: jest.fn(async (events: OutgoingEvent[]) => void published.push(events)),
    publishRaw: jest.fn(async (message: RawOutgoingMessage) => void deadLetters.push(message)),
  };
  const events = new OrderStatusEventMapper(topics);
  const deadLettersOut = new DeadLetters(publisher as unknown as EventPublisher, topics);
  const retry = new StatusWriteRetry(deadLettersOut, config);
  const change = new OrderStatusChange(publisher as unknown as EventPublisher, retry);
  const processOrders = new ProcessOrders(repository, publisher as unknown as EventPublisher, events, retry);
  const handlers = {
    [topics.ORDER_PLACED]: new OrderPlacedHandler(processOrders, deadLettersOut, payments),
    [topics.CATALOG_STOCK]: new StockOutcomeHandler(processOrders, repository, events, change, deadLettersOut, payments),
    [topics.BILLING_PAYMENTS]: new PaymentOutcomeHandler(processOrders, repository, events, change, deadLettersOut),
    [topics.ORDER_CANCEL_REQUESTS]: new CancelRequestHandler(repository, events, change, deadLettersOut),
  };
  // What OrderEventsConsumer does: a batch is one partition of one topic, handed to that topic's handler.
  const service = { publisher, handleBatch: (batch: IncomingEvent[], control: BatchControl) => handlers[batch[0].topic].handle(batch, control) };
  const control = { stopping: jest.fn(() => false), heartbeat: jest.fn(async () => undefined) };
  return { service, repository, published, deadLetters, control };
}

describe('the processor\'s handlers and the catalog', () => {
  const gone = [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', quantity: 2, reason: 'OUT_OF_STOCK', available: 1 }];

  it('leaves an OrderPlaced of catalog products to the catalog, and processes it on StockReserved', async () => {
    const { service, repository, published, control } = setup(async (ids) => ({ processed: ids.length, missing: new Set(), movedOn: new Set() }));
    await expect(service.handleBatch([placedFromCatalog(id(1))], control)).resolves.toBe('done');
    expect(repository.markProcessed).not.toHaveBeenCalled();
    await expect(service.handleBatch([stock(id(1))], control)).resolves.toBe('done');
    expect(repository.markProcessed.mock.calls).toEqual([[[id(1)], expect.any(Date)]]);
    expect(published.flat()).toMatchObject([{ topic: topics.ORDER_PROCESSED, key: id(1) }]);
  });

  describe('with payments on', () => {
    const processedAll = async (ids: string[]): Promise<ProcessOutcome> => ({ processed: ids.length, missing: new Set(), movedOn: new Set() });

    it('processes neither on OrderPlaced nor on StockReserved, but on PaymentCaptured, with the payment', async () => {
      const { service, repository, published, control } = setup(processedAll, undefined, true);
      await service.handleBatch([placed(id(20))], control);
      await service.handleBatch([stock(id(21))], control);
      expect(repository.markProcessed).not.toHaveBeenCalled();
      await service.handleBatch([paymentEvent(id(21), 'PaymentCaptured', { amountMinor: 2530, currency: 'usd', providerId: 'pi_1' })], control);
      expect(repository.markProcessed.mock.calls).toEqual([[[id(21)], expect.any(Date), new Map([[id(21), { amountMinor: 2530, currency: 'usd' }]])]]);
      expect(published.flat()).toMatchObject([{ topic: topics.ORDER_PROCESSED, key: id(21) }]);
    });

    it('rejects on PaymentDeclined with the decline code in the history', async () => {
      const { service, repository, published, control } = setup(processedAll, undefined, true);
      const declined = { reason: 'PAYMENT_DECLINED', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.', currency: 'usd' };
      await service.handleBatch([paymentEvent(id(22), 'PaymentDeclined', declined)], control);
      const reason = 'PAYMENT_DECLINED: insufficient_funds (Your card has insufficient funds.)';
      expect(repository.markRejected).toHaveBeenCalledWith(id(22), reason, expect.any(Date), 'DECLINED');
      expect(published.flat()).toMatchObject([{ topic: topics.ORDER_REJECTED, value: { order: { status: 'REJECTED', reason } } }]);
    });

    it('makes a paid order REFUNDED when its product was withdrawn, and only records a cancel’s refund', async () => {
      const { service, repository, control } = setup(processedAll, undefined, true);
      const refund = { refundedMinor: 2530, totalRefundedMinor: 2530, currency: 'usd', providerId: 're_1' };
      await service.handleBatch([paymentEvent(id(23), 'PaymentRefunded', { ...refund, cause: 'PRODUCT_WITHDRAWN', productId: 'p-1' })], control);
      await service.handleBatch([paymentEvent(id(24), 'PaymentRefunded', { ...refund, cause: 'CANCELLED' })], control);
      expect(repository.markRefunded.mock.calls).toEqual([
        [id(23), 2530, expect.any(Date), 'PRODUCT_WITHDRAWN: p-1'],
        [id(24), 2530, expect.any(Date), undefined],
      ]);
    });
  });

  it('rejects on StockRejected with the reasons in the history, and announces OrderRejected', async () => {
    const { service, repository, published, control } = setup(async () => ({ processed: 0, missing: new Set(), movedOn: new Set() }));
    await expect(service.handleBatch([stock(id(2), gone)], control)).resolves.toBe('done');
    expect(repository.markRejected).toHaveBeenCalledWith(id(2), 'OUT_OF_STOCK: 0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10 (2 wanted, 1 available)', expect.any(Date), undefined);
    expect(published.flat()).toMatchObject([{ topic: topics.ORDER_REJECTED, key: id(2), value: { type: 'OrderRejected', order: { status: 'REJECTED', rejected: gone } } }]);
  });

  it('cancels on a cancel request and announces OrderCancelled', async () => {
    const { service, repository, published, control } = setup(async () => ({ processed: 0, missing: new Set(), movedOn: new Set() }));
    const value = { schemaVersion: 1, type: 'OrderCancelRequested', order: { orderid: id(5), userid: 'u1' } };
    const request: IncomingEvent = { topic: topics.ORDER_CANCEL_REQUESTS, partition: 0, offset: String(offset++), key: id(5), value, rawValue: JSON.stringify(value), headers: {} };
    await expect(service.handleBatch([request], control)).resolves.toBe('done');
    expect(repository.markCancelled).toHaveBeenCalledWith(id(5), expect.any(Date));
    expect(published.flat()).toMatchObject([{ topic: topics.ORDER_CANCELLED, key: id(5), value: { type: 'OrderCancelled', order: { orderid: id(5), status: 'CANCELLED' } } }]);
  });

  it('announces no OrderProcessed for an order a cancel moved on before its reservation or redelivery arrived', async () => {
    const cancelled = new Set([id(6), id(8)]);
    const { service, published, control } = setup(async (ids) => ({
      processed: ids.filter((orderid) => !cancelled.has(orderid)).length,
      missing: new Set(),
      movedOn: new Set(ids.filter((orderid) => cancelled.has(orderid))),
    }));
    await expect(service.handleBatch([stock(id(6)), stock(id(7))], control)).resolves.toBe('done');
    await expect(service.handleBatch([placed(id(8))], control)).resolves.toBe('done');
    expect(published.flat().map((event) => [event.topic, event.key])).toEqual([[topics.ORDER_PROCESSED, id(7)]]);
  });

  it('announces nothing for an order that had moved on, and dead-letters catalog.stock poison to its own DLQ', async () => {
    const { service, published, deadLetters, control } = setup(async () => ({ processed: 0, missing: new Set(), movedOn: new Set() }), async () => 'moved-on');
    await expect(service.handleBatch([stock(id(3), gone), { ...stock(id(4)), value: { schemaVersion: 1, type: 'StockLost' } }], control)).resolves.toBe('done');
    expect(published).toEqual([]);
    expect(deadLetters).toMatchObject([{ topic: topics.CATALOG_STOCK_DLQ, headers: { 'dlq-reason': 'INVALID_EVENT' } }]);
  });
});

describe('the processor\'s handlers, batch by batch', () => {
  it('marks a batch processed in chunks, announces each chunk in one request and heartbeats between chunks', async () => {
    const { service, repository, published, control } = setup(async (ids) => ({ processed: ids.length, missing: new Set(), movedOn: new Set() }));
    const batch = Array.from({ length: 250 }, (_, n) => placed(id(n + 1)));
    await expect(service.handleBatch(batch, control)).resolves.toBe('done');
    expect(repository.markProcessed.mock.calls.map(([ids]) => ids.length)).toEqual([100, 100, 50]);
    expect(published.map((events) => events.length)).toEqual([100, 100, 50]);
    expect(published[0][0]).toMatchObject({ topic: topics.ORDER_PROCESSED, key: id(1), value: { type: 'OrderProcessed', order: { orderid: id(1), status: 'PROCESSED' } } });
    expect(control.heartbeat.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('dead-letters poison with its reason and still processes the rest of the batch', async () => {
    const { service, published, deadLetters, control } = setup(async (ids) => ({ processed: ids.length, missing: new Set(), movedOn: new Set() }));
    await expect(service.handleBatch([placed(id(1)), poison(), placed(id(2))], control)).resolves.toBe('done');
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ topic: topics.ORDER_PLACED_DLQ, value: 'not json', headers: { 'dlq-reason': 'NOT_JSON' } });
    expect(published.flat().map((event) => event.key)).toEqual([id(1), id(2)]);
  });

  it('retries orders that are not there yet, then dead-letters those still missing', async () => {
    const { service, repository, published, deadLetters, control } = setup(async (ids) => ({
      processed: ids.filter((orderid) => orderid !== id(2)).length,
      missing: new Set(ids.filter((orderid) => orderid === id(2))),
      movedOn: new Set<string>(),
    }));
    await expect(service.handleBatch([placed(id(1)), placed(id(2))], control)).resolves.toBe('done');
    expect(repository.markProcessed.mock.calls.map(([ids]) => ids)).toEqual([[id(1), id(2)], [id(2)]]);
    expect(published.flat().map((event) => event.key)).toEqual([id(1)]);
    expect(deadLetters.map((message) => [message.key, message.headers['dlq-reason']])).toEqual([[id(2), 'ORDER_NOT_FOUND']]);
  });

  it('retries a failing write until it passes, and gives up uncommitted when the worker stops', async () => {
    let failures = 2;
    const flaky = setup(async (ids) => {
      if (failures-- > 0) throw new Error('store down');
      return { processed: ids.length, missing: new Set(), movedOn: new Set() };
    });
    await expect(flaky.service.handleBatch([placed(id(1))], flaky.control)).resolves.toBe('done');
    expect(flaky.repository.markProcessed).toHaveBeenCalledTimes(3);

    const down = setup(async () => Promise.reject(new Error('store down')));
    let calls = 0;
    down.control.stopping.mockImplementation(() => ++calls > 3);
    await expect(down.service.handleBatch([placed(id(1))], down.control)).resolves.toBe('aborted');
    expect(down.published).toHaveLength(0);
  });

  it('writes the next chunk while the last one is announced, and is done only once every announcement is acknowledged', async () => {
    const { service, repository, control } = setup(async (ids) => ({ processed: ids.length, missing: new Set(), movedOn: new Set() }));
    const acks: (() => void)[] = [];
    const publisher = (service as unknown as { publisher: { publish: jest.Mock } }).publisher;
    publisher.publish.mockImplementation(() => new Promise<void>((resolve) => acks.push(resolve)));
    let outcome: string | undefined;
    const handled = service.handleBatch(Array.from({ length: 200 }, (_, n) => placed(id(n + 1))), control).then((result) => (outcome = result));
    await new Promise((resolve) => setImmediate(resolve));
    expect(repository.markProcessed).toHaveBeenCalledTimes(2);
    expect(acks).toHaveLength(2);
    acks[1]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome).toBeUndefined();
    acks[0]();
    await handled;
    expect(outcome).toBe('done');
  });

  it('gives up uncommitted when an announcement still fails as the worker stops, after the writes went on', async () => {
    const { service, repository, control } = setup(async (ids) => ({ processed: ids.length, missing: new Set(), movedOn: new Set() }));
    const publisher = (service as unknown as { publisher: { publish: jest.Mock } }).publisher;
    publisher.publish.mockImplementation(async () => Promise.reject(new Error('broker down')));
    let calls = 0;
    control.stopping.mockImplementation(() => ++calls > 6);
    await expect(service.handleBatch(Array.from({ length: 150 }, (_, n) => placed(id(n + 1))), control)).resolves.toBe('aborted');
    expect(repository.markProcessed).toHaveBeenCalledTimes(2);
  });
});
