import { InvalidProductCursorError } from '@app/domain';
import { PRODUCT_CURSOR_PATTERN } from './dto/products-query.dto';
import type { ProductCursor } from './products.repository';

const CURSOR = new RegExp(PRODUCT_CURSOR_PATTERN);

export function encodeProductCursor(cursor: ProductCursor): string {
  return `${cursor.createdAt.getTime()}-${cursor.id}`;
}

export function decodeProductCursor(cursor: string): ProductCursor {
  const match = CURSOR.exec(cursor);
  const createdAt = new Date(Number(match?.[1]));
  if (!match || Number.isNaN(createdAt.getTime())) throw new InvalidProductCursorError();
  return { createdAt, id: match[2] };
}
