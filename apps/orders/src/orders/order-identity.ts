import { createHash } from 'node:crypto';
import { toMinorUnits } from '@app/domain';
import type { PlaceOrderDto } from './dto/place-order.dto';

/** An order id derived from user and key: the orders' own unique _id index makes the key single-use. */
export function idFromIdempotencyKey(userId: string, key: string): string {
  return createHash('sha256').update(`${userId}\u0000${key}`).digest('hex').slice(0, 24);
}

/**
 * What must be equal for a request under the same Idempotency-Key to be a replay: the request
 * as sent (a catalog order's price may change between the two; its replay is still a replay).
 */
export function requestHash(userId: string, request: PlaceOrderDto): string {
  const canonical = {
    userid: userId,
    cost: request.cost === undefined ? null : toMinorUnits(request.cost),
    orderitems: request.orderitems.map((item) =>
      'productId' in item ? ['product', item.productId, item.quantity] : [item.name, item.quantity, item.price === undefined ? null : toMinorUnits(item.price)],
    ),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
