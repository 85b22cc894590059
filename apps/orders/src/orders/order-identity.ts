import { createHash } from 'node:crypto';
import { Money, OrderLine } from '@app/domain';

/** An order id derived from user and key: the orders' own unique _id index makes the key single-use. */
export function idFromIdempotencyKey(userId: string, key: string): string {
  return createHash('sha256').update(`${userId}\u0000${key}`).digest('hex').slice(0, 24);
}

/** What must be equal for a request under the same Idempotency-Key to be a replay. */
export function requestHash(userId: string, cost: Money, lines: OrderLine[]): string {
  const canonical = {
    userid: userId,
    cost: cost.minor,
    orderitems: lines.map((line) => [line.name, line.quantity, line.unitPrice === undefined ? null : line.unitPrice.minor]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
