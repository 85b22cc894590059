import { InvalidCursorError } from '@app/domain';
import { CURSOR_PATTERN } from './dto/order-details-query.dto';
import type { PageCursor } from './orders.repository';

const CURSOR = new RegExp(CURSOR_PATTERN);

/** `<createdAt ms>-<order id>`: every string of CURSOR_PATTERN is a position in a list. */
export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.createdAt.getTime()}-${cursor.id}`;
}

export function decodeCursor(cursor: string): PageCursor {
  const match = CURSOR.exec(cursor);
  const createdAt = new Date(Number(match?.[1]));
  if (!match || Number.isNaN(createdAt.getTime())) throw new InvalidCursorError();
  return { createdAt, id: match[2] };
}
