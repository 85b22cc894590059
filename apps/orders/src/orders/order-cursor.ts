import { InvalidCursorError } from '@app/domain';
import { CURSOR_PATTERN } from './dto/order-details-query.dto';
import type { PageCursor } from './orders.repository';

const CURSOR = new RegExp(CURSOR_PATTERN);

/** `<position>-<order id>`: every string of CURSOR_PATTERN is a position in a list. */
export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.position}-${cursor.id}`;
}

export function decodeCursor(cursor: string): PageCursor {
  const match = CURSOR.exec(cursor);
  if (!match) throw new InvalidCursorError();
  return { position: Number(match[1]), id: match[2] };
}
