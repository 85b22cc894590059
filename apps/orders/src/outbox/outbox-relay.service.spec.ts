import { Money, Order, placeOrder } from '@app/domain';
import { placedOverdue } from '@app/observability';
import type { PublishBreaker } from '@app/messaging';
import type { OrderOutbox } from './order-outbox';
import { BACKLOG_COUNT_EVERY_MS, OutboxRelay, PAGES_PER_READ } from './outbox-relay.service';
import { OutboxEntry, OutboxRepository, UnsettledOrder } from './outbox.repository';

const unsettled = (order: Order): UnsettledOrder => ({ order, insertLeaseUntil: new Date(0) });

const config = {
  relayIntervalMs: 50,
  relayGraceMs: 100,
  relayBatchSize: 50,
  relayLeaseMs: 1000,
  relayMaxBackoffMs: 1000,
  relaySweepIntervalMs: 60_000,
  relayReannounceAfterMs: 5000,
  retentionMs: 604_800_000,
};

class FakeOutboxRepository extends OutboxRepository {
  findUnsettled = jest.fn(async (_olderThan: Date, _limit: number, _after?: Date): Promise<UnsettledOrder[]> => []);
  countUnpublished = jest.fn(async () => 0);
  unpublishedBacklog = jest.fn(async () => ({ unpublished: 0 }));
  publishedAmong = jest.fn(async (): Promise<Set<string>> => new Set());
  publicationsAmong = jest.fn(async (): Promise<Map<string, Date>> => new Map());
  recordReannounced = jest.fn(async () => undefined);
  countOverdue = jest.fn(async (_placedBefore: Date) => 0);
  prune = jest.fn(async (_before: Date) => 0);
  claim = jest.fn(async (): Promise<OutboxEntry | null> => null);
  claimUnsettled = jest.fn(async (_candidate: UnsettledOrder): Promise<OutboxEntry | null> => null);
  claimReleased = jest.fn(async (_candidate: UnsettledOrder): Promise<OutboxEntry | null> => null);
  recordPublished = jest.fn(async () => undefined);
  releaseClaims = jest.fn(async () => undefined);
}

function setup() {
  const repository = new FakeOutboxRepository();
  let publishFailed: (at: number) => void = () => undefined;
  const outbox = { owner: 'me', publish: jest.fn(), publishedRecently: jest.fn((_id: string) => false), releasedRecently: jest.fn((_id: string) => false), onPublishFailure: (listener: (at: number) => void) => (publishFailed = listener) };
  let onBreakerClose: () => void = () => undefined;
  const breaker = { isOpen: false, state: 'closed', onClose: (listener: () => void) => (onBreakerClose = listener), onHalfOpen: () => undefined };
  const relay = new OutboxRelay(repository, outbox as unknown as OrderOutbox, breaker as unknown as PublishBreaker, config as never);
  const pass = () => (relay as unknown as { pass: () => Promise<void> }).pass();
  return { relay, repository, outbox, pass, breaker, publishFailed: (at: number) => publishFailed(at), breakerCloses: () => onBreakerClose() };
}

describe('OutboxRelay: orders published long ago and still PLACED', () => {
  const order = (n: number) => placeOrder({ id: n.toString(16).padStart(24, '0'), userId: 'u1', cost: Money.ofMinor(100), lines: [], at: new Date() });

  it('announces again an order published longer ago than RELAY_REANNOUNCE_AFTER_MS, not one published lately, and records when', async () => {
    const { relay, repository, outbox } = setup();
    const [lost, recent, unpublished] = [order(1), order(2), order(3)];
    repository.findUnsettled.mockResolvedValue([lost, recent, unpublished].map(unsettled));
    repository.publicationsAmong.mockResolvedValue(new Map([[lost.id, new Date(Date.now() - 6000)], [recent.id, new Date(Date.now() - 1000)]]));
    repository.claimUnsettled.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.publish.mockResolvedValue(true);
    await relay.runOnce();
    expect(outbox.publish.mock.calls[0][0].map((entry: OutboxEntry) => entry.order.id)).toEqual([lost.id, unpublished.id]);
    expect(repository.recordReannounced).toHaveBeenCalledWith([lost.id], expect.any(Date));
  });

  it('skips orders this instance published a moment ago without asking the store, and asks only about the rest', async () => {
    const { relay, repository, outbox } = setup();
    const [justSent, unknown] = [order(4), order(5)];
    repository.findUnsettled.mockResolvedValue([justSent, unknown].map(unsettled));
    outbox.publishedRecently.mockImplementation((id: string) => id === justSent.id);
    repository.publicationsAmong.mockResolvedValue(new Map());
    repository.claimUnsettled.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.publish.mockResolvedValue(true);
    await relay.runOnce();
    expect(repository.publicationsAmong).toHaveBeenCalledWith([unknown.id]);
    expect(outbox.publish.mock.calls[0][0].map((entry: OutboxEntry) => entry.order.id)).toEqual([unknown.id]);

    repository.publicationsAmong.mockClear();
    outbox.publishedRecently.mockReturnValue(true);
    await relay.runOnce();
    expect(repository.publicationsAmong).not.toHaveBeenCalled();
  });

  it('retakes orders given back here after a failed publish without looking up their publication, and looks up those it could not retake', async () => {
    const { relay, repository, outbox } = setup();
    const [givenBack, takenSince, other] = [order(6), order(7), order(8)];
    repository.findUnsettled.mockResolvedValue([givenBack, takenSince, other].map(unsettled));
    outbox.releasedRecently.mockImplementation((id: string) => id !== other.id);
    repository.claimReleased.mockImplementation(async (candidate) => (candidate.order.id === givenBack.id ? { order: candidate.order } : null));
    repository.publicationsAmong.mockResolvedValue(new Map());
    repository.claimUnsettled.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.publish.mockResolvedValue(true);
    await relay.runOnce();
    expect(repository.claimReleased.mock.calls.map(([candidate]) => candidate.order.id)).toEqual([givenBack.id, takenSince.id]);
    expect(repository.publicationsAmong).toHaveBeenCalledWith([takenSince.id, other.id]);
    expect(repository.claimUnsettled.mock.calls.map(([candidate]) => candidate.order.id)).toEqual([takenSince.id, other.id]);
    expect(outbox.publish.mock.calls[0][0].map((entry: OutboxEntry) => entry.order.id).sort()).toEqual([givenBack.id, takenSince.id, other.id].sort());

    repository.publicationsAmong.mockClear();
    repository.claimReleased.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.releasedRecently.mockReturnValue(true);
    await relay.runOnce();
    expect(repository.publicationsAmong).not.toHaveBeenCalled();
  });

  it('counts the overdue orders for the metric after each sweep', async () => {
    const { repository, pass } = setup();
    repository.countOverdue.mockResolvedValue(3);
    await pass();
    const [placedBefore] = repository.countOverdue.mock.calls[0];
    expect(Date.now() - placedBefore.getTime()).toBeGreaterThanOrEqual(config.relayReannounceAfterMs);
    expect((await placedOverdue.get()).values[0].value).toBe(3);
  });
});

describe('OutboxRelay backlog counts', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts the backlog and the overdue orders at most once per BACKLOG_COUNT_EVERY_MS while passes follow each other', async () => {
    const { repository, pass, publishFailed } = setup();
    let clock = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
    await pass();
    clock += 10;
    // A failure of grace age: a sweep is due at once.
    publishFailed(clock - config.relayGraceMs);
    await pass();
    // Two passes that looked at the outbox, one count of each: FerretDB aggregates every unsettled order for one.
    expect(repository.findUnsettled).toHaveBeenCalledTimes(2);
    expect(repository.countUnpublished).toHaveBeenCalledTimes(1);
    expect(repository.countOverdue).toHaveBeenCalledTimes(1);
    clock += BACKLOG_COUNT_EVERY_MS;
    publishFailed(clock - config.relayGraceMs);
    await pass();
    expect(repository.countUnpublished).toHaveBeenCalledTimes(2);
    expect(repository.countOverdue).toHaveBeenCalledTimes(2);
  });
});

describe('OutboxRelay retention', () => {
  it('prunes the records of orders announced before OUTBOX_RETENTION_MS at the first sweep, then at most hourly', async () => {
    const { repository, pass, publishFailed } = setup();
    await pass();
    expect(repository.prune).toHaveBeenCalledTimes(1);
    const [before] = repository.prune.mock.calls[0];
    expect(Math.abs(Date.now() - config.retentionMs - before.getTime())).toBeLessThan(1000);
    publishFailed(Date.now() - config.relayGraceMs);
    await pass();
    expect(repository.findUnsettled).toHaveBeenCalledTimes(2);
    expect(repository.prune).toHaveBeenCalledTimes(1);
  });
});

describe('OutboxRelay sweeps', () => {
  it('sweeps at startup, then not again within the sweep interval while no publish failed', async () => {
    const { repository, pass } = setup();
    await pass();
    await pass();
    await pass();
    expect(repository.findUnsettled).toHaveBeenCalledTimes(1);
    expect(repository.countUnpublished).toHaveBeenCalledTimes(1);
  });

  it('sweeps again at once while a pass published anything, and stops when one finds nothing to publish', async () => {
    const { repository, outbox, pass } = setup();
    const order = placeOrder({ id: 'b1'.padStart(24, '0'), userId: 'u1', cost: Money.ofMinor(100), lines: [], at: new Date() });
    repository.findUnsettled.mockResolvedValue([unsettled(order)]);
    repository.claimUnsettled.mockResolvedValueOnce({ order }).mockResolvedValueOnce({ order });
    outbox.publish.mockResolvedValue(true);
    await pass();
    await pass();
    await pass();
    await pass();
    // Two passes published, the third found the order held elsewhere (claim null): the fourth waits for the sweep interval.
    expect(repository.findUnsettled).toHaveBeenCalledTimes(3);
  });

  it('reads pages whose publish failed again from the start, not from after them', async () => {
    const { repository, outbox, pass } = setup();
    const fullPage = Array.from({ length: config.relayBatchSize * PAGES_PER_READ }, (_, n) =>
      unsettled(placeOrder({ id: (n + 1).toString(16).padStart(24, '0'), userId: 'u1', cost: Money.ofMinor(100), lines: [], at: new Date(Date.now() - 60_000 + n) })),
    );
    repository.findUnsettled.mockResolvedValueOnce(fullPage).mockResolvedValueOnce(fullPage).mockResolvedValue([]);
    repository.claimUnsettled.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.publish.mockResolvedValueOnce(false).mockResolvedValue(true);
    await pass();
    await pass();
    expect(repository.findUnsettled.mock.calls.map(([, , after]) => after)).toEqual([undefined, undefined, fullPage.at(-1)?.order.createdAt]);
  });

  it('while the publish breaker is half-open, claims one page as its trial, and reads on from it once the trial went out', async () => {
    const { repository, outbox, pass, breaker } = setup();
    const pages = Array.from({ length: config.relayBatchSize * 2 }, (_, n) =>
      unsettled(placeOrder({ id: (n + 1).toString(16).padStart(24, '0'), userId: 'u1', cost: Money.ofMinor(100), lines: [], at: new Date(Date.now() - 60_000 + n) })),
    );
    repository.findUnsettled.mockImplementation(async (_olderThan, limit, after) => pages.filter(({ order }) => !after || order.createdAt > after).slice(0, limit));
    repository.claimUnsettled.mockImplementation(async (candidate) => ({ order: candidate.order }));
    outbox.publish.mockResolvedValue(true);
    breaker.state = 'half-open';
    await pass();
    expect(repository.findUnsettled.mock.calls.map(([, limit]) => limit)).toEqual([config.relayBatchSize]);
    expect(repository.claimUnsettled).toHaveBeenCalledTimes(config.relayBatchSize);
    breaker.state = 'closed';
    await pass();
    expect(repository.findUnsettled.mock.calls[1][2]).toEqual(pages[config.relayBatchSize - 1].order.createdAt);
    expect(repository.claimUnsettled).toHaveBeenCalledTimes(config.relayBatchSize * 2);
  });

  describe('after a failed publish (on a clock of its own)', () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval'] }));
    afterEach(() => jest.useRealTimers());

    it('after a publish failed, sweeps once the failed orders are of grace age, then once their insert leases have lapsed, and not in between', async () => {
      const { repository, publishFailed, pass } = setup();
      const sweeps = () => repository.findUnsettled.mock.calls.length;
      await pass();
      publishFailed(Date.now());
      await pass();
      expect(sweeps()).toBe(1);
      jest.setSystemTime(Date.now() + config.relayGraceMs);
      await pass();
      expect(sweeps()).toBe(2);
      jest.setSystemTime(Date.now() + config.relayGraceMs);
      await pass();
      await pass();
      expect(sweeps()).toBe(2);
      jest.setSystemTime(Date.now() + config.relayLeaseMs);
      await pass();
      await pass();
      expect(sweeps()).toBe(3);
    });

    it('while publishes keep failing, sweeps at most one grace apart, and reaches a failure that came during a sweep', async () => {
      const { repository, publishFailed, pass } = setup();
      const sweeps = () => repository.findUnsettled.mock.calls.length;
      await pass();
      publishFailed(Date.now());
      jest.setSystemTime(Date.now() + config.relayGraceMs);
      // A failure while this sweep reads: the sweep cannot have reached the order that failed.
      repository.findUnsettled.mockImplementationOnce(async () => {
        publishFailed(Date.now() + 10);
        return [];
      });
      await pass();
      expect(sweeps()).toBe(2);
      jest.setSystemTime(Date.now() + config.relayGraceMs / 2);
      await pass();
      expect(sweeps()).toBe(2);
      jest.setSystemTime(Date.now() + config.relayGraceMs / 2);
      await pass();
      expect(sweeps()).toBe(3);
    });

    it('does not count a pass as reaching failed orders while the publish breaker is open', async () => {
      const { repository, publishFailed, pass, breaker } = setup();
      await pass();
      publishFailed(Date.now());
      breaker.isOpen = true;
      jest.setSystemTime(Date.now() + config.relayGraceMs);
      await pass();
      expect(repository.findUnsettled).toHaveBeenCalledTimes(1);
      breaker.isOpen = false;
      await pass();
      expect(repository.findUnsettled).toHaveBeenCalledTimes(2);
    });
  });

  it('after failed publishes backs off, and publishes at once when the publish breaker closes again', async () => {
    jest.useFakeTimers();
    try {
      const { relay, repository, outbox, publishFailed, breakerCloses } = setup();
      const order = placeOrder({ id: 'a1'.padStart(24, '0'), userId: 'u1', cost: Money.ofMinor(100), lines: [], at: new Date() });
      repository.findUnsettled.mockImplementation(async () => [unsettled(order)]);
      repository.claimUnsettled.mockResolvedValue({ order });
      outbox.publish.mockImplementation(async () => {
        publishFailed(Date.now());
        return false;
      });
      relay.onApplicationBootstrap();
      // Passes at 50 ms, then 100 ms later, then 200 ms later: the back-off doubles.
      for (const step of [50, 100, 200]) await jest.advanceTimersByTimeAsync(step);
      expect(outbox.publish).toHaveBeenCalledTimes(3);
      outbox.publish.mockResolvedValue(true);
      // The next pass is 400 ms away; the breaker closing brings it to one interval.
      breakerCloses();
      await jest.advanceTimersByTimeAsync(config.relayIntervalMs);
      expect(outbox.publish).toHaveBeenCalledTimes(4);
      await relay.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
