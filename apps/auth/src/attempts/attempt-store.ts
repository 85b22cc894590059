/** One window of attempts under a key: how many, and when the oldest of them leaves the window. */
export interface AttemptCount {
  count: number;
  /** ms until the window holds one attempt fewer (0 when it holds none). */
  retryInMs: number;
}

/**
 * Attempts (registrations, sign-ins) per key over a sliding window, in a store every auth
 * instance shares: limits hold for the platform, not per instance (MongoAttemptStore in the
 * app, an in-memory one in unit tests).
 */
export abstract class AttemptStore {
  /** Records one attempt under the key now, and counts the window with it. */
  abstract hit(key: string, windowMs: number): Promise<AttemptCount>;

  /** Counts the window without recording anything. */
  abstract count(key: string, windowMs: number): Promise<AttemptCount>;
}
