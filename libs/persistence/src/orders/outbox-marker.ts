/**
 * Part of the OrderPlaced contract between the orders app and a consumer that writes the
 * order: the event arrived, so it is published. The consumer sets these fields in the same
 * write that moves the order on, and from then on it is the only writer of the order (the
 * orders app records its publications in a collection of its own; see the outbox module).
 * Without them the orders app's relay would keep publishing the order until the lease expired.
 */
export function settledOutboxMarker(): Record<string, unknown> {
  return { 'outbox.published': true, 'outbox.leaseUntil': new Date(0), outboxPending: false };
}
