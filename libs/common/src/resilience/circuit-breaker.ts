import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { trackBreakerState } from '@app/observability';

export interface CircuitBreakerOptions {
  /** False makes run() call the dependency directly: for measuring the breaker's own cost. */
  enabled?: boolean;
  timeoutMs: number;
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeoutMs: number;
  /** Whether an error says the dependency is unwell; others (a duplicate key, bad input) do not count. */
  isFailure?: (error: unknown) => boolean;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Raised instead of calling the dependency while the breaker is open. */
export class BreakerOpenError extends Error {
  constructor(readonly breaker: string) {
    super(`circuit breaker "${breaker}" is open`);
    this.name = 'BreakerOpenError';
  }
}

/** One opossum breaker guarding every call to one dependency; state changes are logged. */
export class NamedCircuitBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly logger: Logger;
  private closed = false;
  private readonly untrack: () => void;

  constructor(
    readonly name: string,
    readonly options: CircuitBreakerOptions,
  ) {
    this.logger = new Logger(`CircuitBreaker:${name}`);
    const isFailure = options.isFailure ?? (() => true);
    this.breaker = new CircuitBreaker((operation: () => Promise<unknown>) => operation(), {
      timeout: options.timeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      resetTimeout: options.resetTimeoutMs,
      // opossum's errorFilter: true means "not a failure of the dependency".
      errorFilter: (error: unknown) => !isFailure(error),
    });
    this.breaker.on('open', () => this.logger.warn({ breaker: name, state: 'open' }, `breaker ${name} opened`));
    this.breaker.on('halfOpen', () => this.logger.log({ breaker: name, state: 'half-open' }, `breaker ${name} half-open`));
    this.breaker.on('close', () => this.logger.log({ breaker: name, state: 'closed' }, `breaker ${name} closed`));
    this.untrack = trackBreakerState(name, () => this.state);
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    // Once shut down (the app is closing) the last writes of drained requests go straight through.
    if (this.options.enabled === false || this.closed) return operation();
    try {
      return (await this.breaker.fire(operation)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') throw new BreakerOpenError(this.name);
      throw error;
    }
  }

  /** Called each time the breaker closes again: the dependency answered a trial call. */
  onClose(listener: () => void): void {
    this.breaker.on('close', listener);
  }

  /** Called each time the breaker lets a trial call through again, after its reset timeout. */
  onHalfOpen(listener: () => void): void {
    this.breaker.on('halfOpen', listener);
  }

  shutdown(): void {
    this.untrack();
    this.closed = true;
    this.breaker.shutdown();
  }
}
