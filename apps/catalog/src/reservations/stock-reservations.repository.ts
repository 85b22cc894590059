import type { StockLineV1, StockRejectedLineV1 } from '@app/contracts';
import type { OrderRef } from '../outbox/catalog.event-mapper';

export type ReservationOutcome =
  | { outcome: 'reserved'; lines: StockLineV1[] }
  | { outcome: 'rejected'; rejected: StockRejectedLineV1[] }
  /** The order was answered before (a redelivered OrderPlaced): nothing changed. */
  | { outcome: 'already-answered' };

/** Stock held for orders, and the answers the catalog gives them. */
export abstract class StockReservationsRepository {
  /**
   * Reserves every line of the order, or none, and writes the answer (StockReserved or
   * StockRejected, and a ProductUpserted per product whose `available` changed) to the outbox in
   * the same transaction. Once per order: a second call changes nothing.
   */
  abstract reserve(order: OrderRef, lines: StockLineV1[], at: Date): Promise<ReservationOutcome>;

  /**
   * The order was cancelled: gives back what it holds (and announces the products' new
   * `available`), once. Before any reservation, it leaves a mark so that none is made later.
   */
  abstract release(orderId: string, at: Date): Promise<ReleaseOutcome>;
}

export type ReleaseOutcome = 'released' | 'before-reservation' | 'nothing-held';
