import type { Order } from '@app/domain';

/** An order the outbox publishes, with the trace context its entry was stored with. */
export interface OutboxEntry {
  order: Order;
  traceparent?: string;
}

/** An order a sweep found unsettled, with the lease it was stored with. */
export interface UnsettledOrder extends OutboxEntry {
  insertLeaseUntil: Date;
}

/**
 * The outbox's storage, as a DI token (MongoOutboxRepository in the app, fakes in unit
 * tests). The outbox entry lives in the order document, so a new order and its entry are one
 * insert; after that the outbox only reads the order: publications and the relays' leases are
 * kept in collections of their own.
 */
export abstract class OutboxRepository {
  /** Records that these orders' events are on Kafka; recording one twice is not an error. */
  abstract recordPublished(orderIds: string[], at: Date): Promise<void>;

  /** Which of these orders are recorded as published. */
  abstract publishedAmong(orderIds: string[]): Promise<Set<string>>;

  /** When each of these orders was last announced (published or re-announced), for those recorded. */
  abstract publicationsAmong(orderIds: string[]): Promise<Map<string, Date>>;

  /** Records that these published orders were announced again now (see OutboxRelay's re-announcement). */
  abstract recordReannounced(orderIds: string[], at: Date): Promise<void>;

  /**
   * Deletes what the outbox kept of orders announced before `before`: publication records and
   * claims. Losing one early costs at most one more announcement (consumers are idempotent).
   * Answers how many records went.
   */
  abstract prune(before: Date): Promise<number>;

  /** Orders still PLACED (their marker unset) that were placed before `placedBefore`. */
  abstract countOverdue(placedBefore: Date): Promise<number>;

  /**
   * Up to `limit` orders whose marker is unset, oldest first, created after `after` when
   * given; read without writing. Some may be held by a lease: claim tells.
   */
  abstract findUnsettled(olderThan: Date, limit: number, after?: Date): Promise<UnsettledOrder[]>;

  /** Takes one order for publishing if its lease has lapsed; null if someone else holds it. */
  abstract claim(orderId: string, owner: string, leaseMs: number): Promise<OutboxEntry | null>;

  /** The same for an order a sweep has just read: one round trip fewer, or two once its stored lease has lapsed. */
  abstract claimUnsettled(candidate: UnsettledOrder, owner: string, leaseMs: number): Promise<OutboxEntry | null>;

  /**
   * Takes one order whose claim was given back after a failed publish and not taken since: such
   * an order is known unpublished, so it needs no lookup of its publication. Null when its claim
   * is not in that state (taken, pruned, never given back): the caller falls back to the lookup.
   */
  abstract claimReleased(candidate: UnsettledOrder, owner: string, leaseMs: number): Promise<OutboxEntry | null>;

  /** Gives claimed orders back at once after a failed publish, instead of waiting out the lease. */
  abstract releaseClaims(orderIds: string[], owner: string): Promise<void>;

  /** Orders whose marker is still unset after the lease they were stored with. */
  abstract countUnpublished(): Promise<number>;

  /**
   * Orders not yet published, for the metrics: exact while at most `sample` orders have their
   * marker unset (published ones are told apart by their publication record); beyond that the
   * count of unset markers, an upper bound. The oldest is the oldest unpublished of the sample.
   */
  abstract unpublishedBacklog(sample: number): Promise<{ unpublished: number; oldestStoredAt?: Date }>;
}
