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
  const breakers = { publish: { isOpen: false } };
  const relay = new OutboxRelay(
    repository as unknown as OrdersRepository,
    service as unknown as OrdersService,
    breakers as unknown as OrderBreakers,
    config as never,
  );
  const pass = () => (relay as unknown as { pass: () => Promise<void> }).pass();
  return { relay, repository, service, pass };
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
});
