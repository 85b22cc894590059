import { Logger } from '@nestjs/common';
import { retryUntilStopped } from './batch-consumer';

describe('a batch handled one event at a time', () => {
  it('heartbeats before each event, so a long batch keeps its member in the group', async () => {
    const heartbeat = jest.fn().mockResolvedValue(undefined);
    const control = { stopping: () => false, heartbeat };
    for (let event = 0; event < 5; event++) await retryUntilStopped(control, new Logger('test'), 'record', async () => true);
    expect(heartbeat).toHaveBeenCalledTimes(5);
  });

  it('goes on with the event when the heartbeat fails (a rebalance under way): the commit after the batch tells', async () => {
    const control = { stopping: () => false, heartbeat: jest.fn().mockRejectedValue(new Error('The group is rebalancing')) };
    await expect(retryUntilStopped(control, new Logger('test'), 'record', async () => 'recorded')).resolves.toBe('recorded');
  });

  it('answers undefined once the app stops, without running the event', async () => {
    const operation = jest.fn();
    await expect(retryUntilStopped({ stopping: () => true, heartbeat: jest.fn() }, new Logger('test'), 'record', operation)).resolves.toBeUndefined();
    expect(operation).not.toHaveBeenCalled();
  });
});
