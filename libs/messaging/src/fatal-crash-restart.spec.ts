import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { FIRST_RESTART_DELAY_MS, restartAfterFatalCrash } from './fatal-crash-restart';

class FakeConsumer extends EventEmitter {
  readonly events = { CRASH: 'consumer.crash' };
  connects = 0;
  connect = jest.fn(async () => {
    this.connects++;
  });
  crash(restart: boolean): void {
    this.emit(this.events.CRASH, { payload: { error: new Error('UNKNOWN_MEMBER_ID'), restart } });
  }
}

const quiet = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;

describe('restartAfterFatalCrash', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a consumer again that kafkajs left stopped after a non-retriable crash', async () => {
    const consumer = new FakeConsumer();
    const start = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, start, quiet, () => false);
    consumer.crash(false);
    expect(start).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(FIRST_RESTART_DELAY_MS);
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('leaves a crash alone that kafkajs restarts itself', async () => {
    const consumer = new FakeConsumer();
    const start = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, start, quiet, () => false);
    consumer.crash(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(start).not.toHaveBeenCalled();
  });

  it('tries again, waiting longer each time, while the restart fails', async () => {
    const consumer = new FakeConsumer();
    const start = jest.fn().mockRejectedValueOnce(new Error('no broker')).mockRejectedValueOnce(new Error('no broker')).mockResolvedValue(undefined);
    restartAfterFatalCrash(consumer, start, quiet, () => false);
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(FIRST_RESTART_DELAY_MS);
    expect(start).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2 * FIRST_RESTART_DELAY_MS);
    expect(start).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(2 * FIRST_RESTART_DELAY_MS);
    expect(start).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(2 * FIRST_RESTART_DELAY_MS);
    expect(start).toHaveBeenCalledTimes(3);
  });

  it('does not restart a consumer of an app that is stopping', async () => {
    const consumer = new FakeConsumer();
    const start = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, start, quiet, () => true);
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(start).not.toHaveBeenCalled();
  });
});
