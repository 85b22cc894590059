import { OrderBreakers } from './order-breakers';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { OutboxRelay } from './outbox-relay.service';

const config = {
  relayIntervalMs: 50,
  relayGraceMs: 100,
  relayBatchSize: 50,
  relayLeaseMs: 1000,
  relayMaxBackoffMs: 1000,
  relaySweepIntervalMs: 60_000,
};

function setup() {
  const repository = { findUnsettled: jest.fn(async () => []), countUnpublished: jest.fn(async () => 0), publishedAmong: jest.fn(), claim: jest.fn() };
  const service = { lastPublishFailureAt: 0, outboxOwner: 'me', publishPlaced: jest.fn() };
  let onBreakerClose: () => void = () => undefined;
  const breakers = { publish: { isOpen: false, onClose: (listener: () => void) => (onBreakerClose = listener) } };
  const relay = new OutboxRelay(
    repository as unknown as OrdersRepository,
    service as unknown as OrdersService,
    breakers as unknown as OrderBreakers,
    config as never,
  );
  const pass = () => (relay as unknown as { pass: () => Promise<void> }).pass();
  return { relay, repository, service, pass, breakerCloses: () => onBreakerClose() };
}

describe('OutboxRelay sweeps', () => {
  it('sweeps at startup, then not again within the sweep interval while no publish failed', async () => {
    const { repository, pass } = setup();
    await pass();
    await pass();
    await pass();
    expect(repository.findUnsettled).toHaveBeenCalledTimes(1);
    expect(repository.countUnpublished).toHaveBeenCalledTimes(1);
  });

  it('sweeps every interval after a publish failed, until grace and lease have passed', async () => {
    const { repository, service, pass } = setup();
    await pass();
    service.lastPublishFailureAt = Date.now();
    await pass();
    await pass();
    expect(repository.findUnsettled).toHaveBeenCalledTimes(3);
    service.lastPublishFailureAt = Date.now() - config.relayGraceMs - config.relayLeaseMs - 1;
    await pass();
    expect(repository.findUnsettled).toHaveBeenCalledTimes(3);
  });

  it('after failed publishes backs off, and publishes at once when the publish breaker closes again', async () => {
    jest.useFakeTimers();
    try {
      const { relay, repository, service, breakerCloses } = setup();
      const order = { _id: { toHexString: () => 'a1' }, createdAt: new Date() };
      repository.findUnsettled.mockImplementation(async () => [order] as never);
      repository.publishedAmong.mockResolvedValue(new Set());
      repository.claim.mockResolvedValue(order);
      service.publishPlaced.mockImplementation(async () => {
        service.lastPublishFailureAt = Date.now();
        return false;
      });
      relay.onApplicationBootstrap();
      // Passes at 50 ms, then 100 ms later, then 200 ms later: the back-off doubles.
      for (const step of [50, 100, 200]) await jest.advanceTimersByTimeAsync(step);
      expect(service.publishPlaced).toHaveBeenCalledTimes(3);
      service.publishPlaced.mockResolvedValue(true);
      // The next pass is 400 ms away; the breaker closing brings it to one interval.
      breakerCloses();
      await jest.advanceTimersByTimeAsync(config.relayIntervalMs);
      expect(service.publishPlaced).toHaveBeenCalledTimes(4);
      await relay.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
