import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { commitUnlessUnreachable } from './kafka-batch-server';

describe('committing a handled batch', () => {
  const logger = { warn: jest.fn() };
  beforeEach(() => logger.warn.mockClear());

  it('leaves a commit the broker never answered to the next batch, without crashing the consumer', async () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const retriesRanOut = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 4, retryTime: 2000 });
    await expect(commitUnlessUnreachable(() => Promise.reject(retriesRanOut), logger)).resolves.toBeUndefined();
    await expect(commitUnlessUnreachable(() => Promise.reject(refused), logger)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('throws what the broker answered (a rebalance, a moved coordinator): kafkajs rejoins on it', async () => {
    const rebalancing = new KafkaJSProtocolError({ type: 'REBALANCE_IN_PROGRESS', code: 27, retriable: false, message: 'The group is rebalancing' } as never);
    await expect(commitUnlessUnreachable(() => Promise.reject(rebalancing), logger)).rejects.toBe(rebalancing);
    const wrapped = new KafkaJSNumberOfRetriesExceeded(new KafkaJSProtocolError({ type: 'NOT_COORDINATOR_FOR_GROUP', code: 16, retriable: true, message: 'not the coordinator' } as never), { retryCount: 5, retryTime: 1000 });
    await expect(commitUnlessUnreachable(() => Promise.reject(wrapped), logger)).rejects.toBe(wrapped);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
