import type { Order } from '@app/domain';
import type { OrderOutboxDocument } from '@app/persistence';

export class DuplicateOrderError extends Error {
  constructor() {
    super('an order with this id exists');
  }
}

export interface UserOrdersPage {
  orders: Order[];
  hasMore: boolean;
}

/** A position in a user's orders, newest first. */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

/**
 * The order flow's storage, as a DI token: the Mongo implementation is bound in OrdersModule,
 * unit tests bind a fake. Failures of the store come out as they are (see isMongoOutage).
 */
export abstract class OrdersRepository {
  /** A fresh order id (24 hexadecimal digits). */
  abstract newId(): string;

  /** Stores a new order with its outbox entry in one write; DuplicateOrderError if the id is taken. */
  abstract insert(order: Order, outbox: OrderOutboxDocument): Promise<void>;

  abstract findById(id: string): Promise<Order | null>;

  abstract findByUser(userId: string, limit: number, after?: PageCursor): Promise<UserOrdersPage>;
}
