/**
 * OrderPlaced, version 1: published to `orders.placed`, keyed by order id, JSON value,
 * headers `correlation-id`, `event-type` and `schema-version`. A consumer must refuse a
 * version it does not know (the DLQ) rather than guess.
 */
export const ORDER_PLACED_EVENT = 'OrderPlaced';
export const ORDER_PLACED_SCHEMA_VERSION = 1;

export interface OrderPlacedItemV1 {
  /** A catalog product: the catalog reserves `quantity` of it (added within v1: older consumers ignore it). */
  productId?: string;
  name: string;
  quantity: number;
  /** Unit price with at most two decimals, when the client gave one. */
  price?: number;
}

export interface OrderPlacedEventV1 {
  schemaVersion: typeof ORDER_PLACED_SCHEMA_VERSION;
  type: typeof ORDER_PLACED_EVENT;
  /** Unique per order: a republished event keeps its id, so consumers can deduplicate. */
  eventId: string;
  occurredAt: string;
  order: {
    orderid: string;
    userid: string;
    /** Exact: cost in minor units divided by 100. */
    cost: number;
    costMinor: number;
    orderitems: OrderPlacedItemV1[];
    /** Orders of catalog products: the server's price; cost is the total. */
    subtotalMinor?: number;
    feeMinor?: number;
    /** The buyer's payment method for billing (added within v1: older consumers ignore it). */
    paymentMethod?: string;
    status: 'PLACED';
    createdAt: string;
  };
}
