/**
 * What a broker answers about a topic created a moment ago, before every broker of a cluster has
 * its metadata (seconds at most on a busy machine): kafkajs gives up on these after a few retries.
 */
const METADATA_PENDING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

export const METADATA_PENDING_TIMEOUT_MS = 30_000;

export function isMetadataPending(error: unknown): boolean {
  const { type, originalError } = (error ?? {}) as { type?: string; originalError?: { type?: string } };
  return METADATA_PENDING.has(type ?? originalError?.type ?? '');
}

/** Runs `attempt` again while it fails because a topic's metadata has not reached the broker asked yet. */
export async function whileMetadataPending<T>(attempt: () => Promise<T>, timeoutMs = METADATA_PENDING_TIMEOUT_MS, delayMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isMetadataPending(error) || Date.now() + delayMs > deadline) throw error;
    }
    await new Promise((done) => setTimeout(done, delayMs));
  }
}
