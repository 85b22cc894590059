/** How long to wait between failures: doubling from `initialMs`, never more than `maxMs`. */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

/**
 * The platform's one retry policy: every loop that retries (a relay's pass, a consumer's step,
 * a consumer restart) waits this long. No jitter: each loop is one per process and per
 * partition, so they do not retry in step with each other.
 */
export class Backoff {
  private failures = 0;

  constructor(private readonly settings: BackoffSettings) {}

  /** The delay after `failures` failures in a row (0: the initial delay). */
  static delayAfter(failures: number, settings: BackoffSettings): number {
    // Capped exponent: 2 ** 1000 is Infinity, and a long outage counts many failures.
    return Math.min(settings.initialMs * 2 ** Math.min(failures, 30), settings.maxMs);
  }

  /** The wait now: the initial delay until something failed. */
  get delayMs(): number {
    return Backoff.delayAfter(this.failures, this.settings);
  }

  /** Records a failure; answers the (doubled) wait before the next try. */
  failed(): number {
    this.failures++;
    return this.delayMs;
  }

  /** It worked (or there is reason to try at once): the next wait is the initial one again. */
  reset(): void {
    this.failures = 0;
  }
}
