import { BreakerOpenError, NamedCircuitBreaker } from './circuit-breaker';

const options = { timeoutMs: 200, errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs: 100 };
const failing = () => Promise.reject(new Error('down'));

describe('NamedCircuitBreaker', () => {
  let breaker: NamedCircuitBreaker;
  afterEach(() => breaker.shutdown());

  it('opens after enough failures and then refuses without calling the dependency', async () => {
    breaker = new NamedCircuitBreaker('test', options);
    await expect(breaker.run(failing)).rejects.toThrow('down');
    await expect(breaker.run(failing)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    const operation = jest.fn(() => Promise.resolve('x'));
    await expect(breaker.run(operation)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(operation).not.toHaveBeenCalled();
  });

  it('closes again after a successful trial once the reset time has passed', async () => {
    breaker = new NamedCircuitBreaker('test', options);
    await breaker.run(failing).catch(() => undefined);
    await breaker.run(failing).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(breaker.state).toBe('half-open');
    await expect(breaker.run(() => Promise.resolve(42))).resolves.toBe(42);
    expect(breaker.state).toBe('closed');
  });

  it('does not count errors that are not the dependency failing', async () => {
    breaker = new NamedCircuitBreaker('test', { ...options, isFailure: (error) => (error as Error).message !== 'duplicate' });
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(breaker.run(() => Promise.reject(new Error('duplicate')))).rejects.toThrow('duplicate');
    }
    expect(breaker.state).toBe('closed');
  });

  it('fails a call that hangs past the timeout', async () => {
    breaker = new NamedCircuitBreaker('test', options);
    await expect(breaker.run(() => new Promise(() => undefined))).rejects.toThrow(/Timed out/);
  });

  it('when disabled, calls the dependency even after failures that would have opened it', async () => {
    breaker = new NamedCircuitBreaker('test', { ...options, enabled: false });
    for (let attempt = 0; attempt < 4; attempt++) await expect(breaker.run(failing)).rejects.toThrow('down');
    const operation = jest.fn(() => Promise.resolve('x'));
    await expect(breaker.run(operation)).resolves.toBe('x');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('after shutdown, lets calls through: the last writes of a closing app are not refused', async () => {
    breaker = new NamedCircuitBreaker('test', options);
    breaker.shutdown();
    await expect(breaker.run(() => Promise.resolve('written'))).resolves.toBe('written');
  });
});
