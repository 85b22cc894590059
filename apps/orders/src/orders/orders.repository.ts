import type { Order } from '@app/domain';
import type { OrderOutboxDocument } from '@app/persistence';

export class DuplicateOrderError extends Error {
  constructor() {
    super('an order with this id exists');
  }
}

export interface UserOrdersPage {
  orders: Order[];
  /** Where the next page starts; null on the last page. */
  next: PageCursor | null;
}

/** A position in a user's orders, newest first: the order's number in the list, and its id. */
export interface PageCursor {
  position: number;
  id: string;
}

/**
 * The order flow's storage, as a DI token: the Mongo implementation is bound in OrdersModule,
 * unit tests bind a fake. Failures of the store come out as they are (see isMongoOutage).
 */
export abstract class OrdersRepository {
  /** A fresh order id (24 hexadecimal digits). */
  abstract newId(): string;

  /**
   * Stores a new order with its outbox entry in one write, at the top of its user's list;
   * DuplicateOrderError if the id is taken.
   */
  abstract insert(order: Order, outbox: OrderOutboxDocument): Promise<void>;

  abstract findById(id: string): Promise<Order | null>;

  /** A page of the user's orders, newest first; its cost does not grow with the user's history. */
  abstract findByUser(userId: string, limit: number, after?: PageCursor): Promise<UserOrdersPage>;
}
