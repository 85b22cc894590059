import { Logger } from '@nestjs/common';
import { PollingRelay, PRUNE_EVERY_MS } from './polling-relay';
import type { PublishBreaker } from './publish-breaker';

class TestRelay extends PollingRelay {
  passes: number[] = [];
  outcome: () => Promise<boolean> = async () => true;
  waiting = 0;
  pruned: Date[] = [];
  countBacklog = jest.fn(async () => this.waiting);

  constructor(breaker?: PublishBreaker) {
    super('TestRelay', { intervalMs: 100, maxBackoffMs: 500, retentionMs: 1000, firstPassAfterMs: 0 }, breaker);
  }

  protected work(): Promise<boolean> {
    this.passes.push(Date.now());
    return this.outcome();
  }

  protected describeBacklog(count: number): string {
    return `${count} wait`;
  }

  protected async prune(before: Date): Promise<number> {
    this.pruned.push(before);
    return 0;
  }
}

describe('PollingRelay', () => {
  let relay: TestRelay;
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await relay.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('passes every interval while passes succeed, doubling the wait up to the cap while they fail, and starts over after one succeeds', async () => {
    relay = new TestRelay();
    relay.outcome = async () => {
      throw new Error('down');
    };
    relay.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0 + 200 + 400 + 500 + 500);
    expect(relay.passes).toEqual([0, 200, 600, 1100, 1600]);
    relay.outcome = async () => true;
    await jest.advanceTimersByTimeAsync(500 + 100 + 100);
    expect(relay.passes.slice(5)).toEqual([2100, 2200, 2300]);
  });

  it('passes at once on wake, again right after a pass that was woken meanwhile, and not while backing off', async () => {
    relay = new TestRelay();
    relay.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10);
    relay.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(relay.passes).toEqual([0, 10]);
    let finish: (looked: boolean) => void = () => undefined;
    relay.outcome = () => new Promise((resolve) => (finish = resolve));
    relay.wake();
    await jest.advanceTimersByTimeAsync(0);
    relay.wake();
    finish(true);
    relay.outcome = async () => {
      throw new Error('down');
    };
    await jest.advanceTimersByTimeAsync(0);
    expect(relay.passes).toEqual([0, 10, 10, 10]);
    relay.wake();
    await jest.advanceTimersByTimeAsync(50);
    expect(relay.passes).toHaveLength(4);
  });

  it('after failures, passes one interval after the publish breaker closes, not when the back-off runs out', async () => {
    let onClose: () => void = () => undefined;
    relay = new TestRelay({ onClose: (listener: () => void) => (onClose = listener), onHalfOpen: () => undefined } as unknown as PublishBreaker);
    relay.outcome = async () => {
      throw new Error('down');
    };
    relay.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0 + 200 + 400);
    expect(relay.passes).toEqual([0, 200, 600]);
    relay.outcome = async () => true;
    onClose();
    await jest.advanceTimersByTimeAsync(100);
    expect(relay.passes).toEqual([0, 200, 600, 700]);
  });

  /** A relay whose passes fail, behind a breaker; answers how to half-open the breaker. */
  function failingRelayBehindBreaker(): () => void {
    let onHalfOpen: () => void = () => undefined;
    relay = new TestRelay({ onClose: () => undefined, onHalfOpen: (listener: () => void) => (onHalfOpen = listener) } as unknown as PublishBreaker);
    relay.outcome = async () => {
      throw new Error('down');
    };
    relay.onApplicationBootstrap();
    return () => onHalfOpen();
  }

  it('passes at once when the publish breaker half-opens, however long the back-off has grown (the pass is the trial)', async () => {
    const onHalfOpen = failingRelayBehindBreaker();
    await jest.advanceTimersByTimeAsync(0 + 200 + 400 + 500);
    expect(relay.passes).toEqual([0, 200, 600, 1100]);
    await jest.advanceTimersByTimeAsync(50);
    onHalfOpen();
    await jest.advanceTimersByTimeAsync(0);
    expect(relay.passes).toEqual([0, 200, 600, 1100, 1150]);
  });

  it('does not lose a half-open that comes while a pass runs: the next pass comes at once after it, not after the back-off', async () => {
    const onHalfOpen = failingRelayBehindBreaker();
    await jest.advanceTimersByTimeAsync(0 + 200 + 400);
    expect(relay.passes).toEqual([0, 200, 600]);
    // The pass at 1100 fails slowly; the breaker half-opens while it runs.
    relay.outcome = () => new Promise((_resolve, reject) => setTimeout(() => reject(new Error('down')), 100));
    await jest.advanceTimersByTimeAsync(500 + 50);
    expect(relay.passes).toEqual([0, 200, 600, 1100]);
    onHalfOpen();
    relay.outcome = async () => true;
    // Without it the next pass would come at 1700, when the back-off runs out.
    await jest.advanceTimersByTimeAsync(60);
    expect(relay.passes).toHaveLength(5);
    expect(relay.passes[4]).toBeLessThanOrEqual(1210);
  });

  it('counts the backlog only after a pass that looked, and prunes at most once per PRUNE_EVERY_MS', async () => {
    relay = new TestRelay();
    relay.outcome = async () => false;
    relay.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(300);
    expect(relay.countBacklog).not.toHaveBeenCalled();
    relay.outcome = async () => true;
    relay.waiting = 7;
    await jest.advanceTimersByTimeAsync(100);
    expect(relay.backlogSize).toBe(7);
    expect(relay.pruned).toEqual([new Date(400 - 1000)]);
    await jest.advanceTimersByTimeAsync(PRUNE_EVERY_MS);
    expect(relay.pruned).toHaveLength(2);
  });
});
