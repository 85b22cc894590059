import { NamedCircuitBreaker } from '@app/common';
import { Money, Order, placeOrder } from '@app/domain';
import type { EventPublisher, PublishBreaker, ResolvedTopics } from '@app/messaging';
import { OrderOutbox } from './order-outbox';
import { OutboxEntry, OutboxRepository, UnsettledOrder } from './outbox.repository';
import { PublicationRecorder } from './publication-recorder';

class RecordingOutboxRepository extends OutboxRepository {
  readonly published: string[] = [];
  readonly released: Array<{ ids: string[]; owner: string }> = [];
  async recordPublished(orderIds: string[]): Promise<void> {
    this.published.push(...orderIds);
  }
  async publishedAmong(): Promise<Set<string>> {
    return new Set();
  }
  async publicationsAmong(): Promise<Map<string, Date>> {
    return new Map();
  }
  async recordReannounced(): Promise<void> {}
  async countOverdue(): Promise<number> {
    return 0;
  }
  async prune(): Promise<number> {
    return 0;
  }
  async findUnsettled(): Promise<UnsettledOrder[]> {
    return [];
  }
  async claimUnsettled(): Promise<OutboxEntry | null> {
    return null;
  }
  async claimReleased(): Promise<OutboxEntry | null> {
    return null;
  }
  async claim(): Promise<OutboxEntry | null> {
    return null;
  }
  async releaseClaims(orderIds: string[], owner: string): Promise<void> {
    this.released.push({ ids: orderIds, owner });
  }
  async countUnpublished(): Promise<number> {
    return 0;
  }
  async unpublishedBacklog(): Promise<{ unpublished: number }> {
    return { unpublished: 0 };
  }
}

const topics = { ORDER_PLACED: 't.orders.placed', ORDER_PLACED_DLQ: 't.dlq', ORDER_PROCESSED: 't.processed' } as ResolvedTopics;
const settings = { relayLeaseMs: 30_000, relayReannounceAfterMs: 300_000 } as never;
const order = placeOrder({ id: '0123456789abcdef01234567', userId: 'u1', cost: Money.ofMinor(100), lines: [{ name: 'tea', quantity: 1 }], at: new Date() });

function setup(send: () => Promise<void>, breakerTimeoutMs = 1000) {
  const repository = new RecordingOutboxRepository();
  const recorder = new PublicationRecorder(repository);
  const publisher = { publish: jest.fn(send) };
  const breaker = new NamedCircuitBreaker('kafka', { timeoutMs: breakerTimeoutMs, errorThresholdPercentage: 50, volumeThreshold: 100, resetTimeoutMs: 1000 });
  const outbox = new OrderOutbox(publisher as unknown as EventPublisher, breaker as PublishBreaker, repository, recorder, topics, settings);
  const failures: number[] = [];
  outbox.onPublishFailure((at) => failures.push(at));
  return { repository, recorder, publisher, breaker, outbox, failures };
}

describe('OrderOutbox', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives a new order an entry claimed by this instance for one lease', () => {
    const { outbox } = setup(async () => undefined);
    const now = new Date(1_000_000);
    expect(outbox.entryForNewOrder(now)).toEqual({ published: false, leaseUntil: new Date(1_030_000), leaseOwner: outbox.owner, attempts: 1 });
  });

  it('publishes OrderPlaced to the placed topic and records the publication', async () => {
    const { outbox, publisher, recorder, repository, failures, breaker } = setup(async () => undefined);
    await expect(outbox.publish([{ order }])).resolves.toBe(true);
    expect(publisher.publish).toHaveBeenCalledWith([expect.objectContaining({ topic: topics.ORDER_PLACED, key: order.id })]);
    await recorder.flush();
    expect(repository.published).toEqual([order.id]);
    expect(outbox.publishedRecently(order.id)).toBe(true);
    expect(failures).toEqual([]);
    breaker.shutdown();
  });

  it('on a failed send answers false, tells the relay, and releases the claim', async () => {
    const { outbox, recorder, repository, failures, breaker } = setup(async () => {
      throw new Error('broker down');
    });
    jest.spyOn(outbox['logger'], 'warn').mockImplementation(() => undefined);
    await expect(outbox.publish([{ order }])).resolves.toBe(false);
    expect(failures).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    await recorder.flush();
    expect(repository.released).toEqual([{ ids: [order.id], owner: outbox.owner }]);
    expect(repository.published).toEqual([]);
    expect(outbox.publishedRecently(order.id)).toBe(false);
    expect(outbox.releasedRecently(order.id)).toBe(true);
    breaker.shutdown();
  });

  it('does not count an order as given back when releasing its claim failed (it waits out its lease)', async () => {
    const { outbox, repository, breaker } = setup(async () => {
      throw new Error('broker down');
    });
    jest.spyOn(outbox['logger'], 'warn').mockImplementation(() => undefined);
    jest.spyOn(repository, 'releaseClaims').mockRejectedValue(new Error('store down'));
    await expect(outbox.publish([{ order }])).resolves.toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(repository.releaseClaims).toHaveBeenCalled();
    expect(outbox.releasedRecently(order.id)).toBe(false);
    breaker.shutdown();
  });

  it('records a send that finishes after the breaker gave up on it, without releasing the claim', async () => {
    let finish: () => void = () => undefined;
    const { outbox, recorder, repository, breaker } = setup(() => new Promise<void>((resolve) => (finish = resolve)), 100);
    jest.spyOn(outbox['logger'], 'warn').mockImplementation(() => undefined);
    await expect(outbox.publish([{ order }])).resolves.toBe(false);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    await recorder.flush();
    expect(repository.published).toEqual([order.id]);
    expect(repository.released).toEqual([]);
    expect(outbox.releasedRecently(order.id)).toBe(false);
    breaker.shutdown();
  });
});
