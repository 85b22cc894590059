import type { PageCursor } from './orders.repository';

/**
 * A user's list of orders, numbered as they are placed (1, 2, …) and stored in pages of
 * LIST_PAGE_SIZE numbers: each order holds its number and its page's key, a top-level string
 * that FerretDB pushes down as an equality an index serves. A page of the list is then read
 * from a few stored pages, whatever the user's history or the store's size. Small stored pages
 * keep what a read fetches beyond the page it answers small (FerretDB spends ~0.3 ms per order
 * document it returns); the pages a read needs are asked for at once.
 *
 * Numbers come from a per-user counter. Two placings of one user at the same moment may share a
 * number on FerretDB (it applies an update as read-modify-write); a number a failed or replayed
 * placing took is never used. Both are harmless: the list's order is (number, order id), newest
 * first, and reading walks pages down until it has enough.
 */
export const LIST_PAGE_SIZE = 8;

/** The document that holds a user's counter, in LIST_HEADS; `_id` is the user's id. */
export const LIST_HEADS = 'order_list_heads';

export interface ListHeadDocument {
  _id: string;
  /** The highest number handed out. */
  last: number;
}

export function listPageOf(position: number): number {
  return Math.floor(position / LIST_PAGE_SIZE);
}

export function listPageKey(userId: string, page: number): string {
  return `${userId}/${page}`;
}

export interface ListedOrder<T> {
  position: number;
  id: string;
  order: T;
}

/** Newest first: the higher number, then the higher id. */
export function newestFirst<T>(a: ListedOrder<T>, b: ListedOrder<T>): number {
  return b.position - a.position || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Whether an entry comes after the cursor in the list (is older than it). */
export function isAfter(entry: { position: number; id: string }, cursor: PageCursor): boolean {
  return entry.position < cursor.position || (entry.position === cursor.position && entry.id < cursor.id);
}

/**
 * Reads a page of limit orders after the cursor (from the top without one): stored pages are
 * read from the top one down until the page is full and one more order shows there is a next
 * page, or the list's first stored page has been read. `top` is the user's highest number. The
 * stored pages that full pages would need are read at once, then one at a time past gaps. A
 * cursor past the user's numbers (never given out, but valid as a position) starts at the top:
 * the read never walks the empty pages above the list.
 */
export async function readListPage<T>(
  top: number,
  limit: number,
  after: PageCursor | undefined,
  readStoredPage: (page: number) => Promise<ListedOrder<T>[]>,
): Promise<{ entries: ListedOrder<T>[]; hasMore: boolean }> {
  const found: ListedOrder<T>[] = [];
  const keep = (stored: ListedOrder<T>[]) => {
    for (const entry of stored) if (!after || isAfter(entry, after)) found.push(entry);
  };
  // One page above the counter too: on FerretDB a lost counter update can leave it one behind.
  const ceiling = Math.min(after?.position ?? Infinity, top + LIST_PAGE_SIZE);
  let page = listPageOf(ceiling);
  const highest = Math.min(ceiling - 1, top);
  const wanted = Math.min(page + 1, page - listPageOf(Math.max(0, highest - limit)) + 1);
  const first = Array.from({ length: wanted }, (_, index) => page - index);
  for (const stored of await Promise.all(first.map(readStoredPage))) keep(stored);
  page -= wanted;
  while (page >= 0 && found.length <= limit) {
    keep(await readStoredPage(page));
    page -= 1;
  }
  found.sort(newestFirst);
  return { entries: found.slice(0, limit), hasMore: found.length > limit };
}
