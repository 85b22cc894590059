import type { PageCursor } from './orders.repository';
import { LIST_PAGE_SIZE, ListedOrder, listPageKey, listPageOf, readListPage } from './user-order-list';

/** A user's list as stored: entries by stored page, and the pages a read asked for. */
function storedList(positions: number[]) {
  const entries = positions.map((position, index) => ({ position, id: index.toString(16).padStart(24, '0'), order: index }));
  const reads: number[] = [];
  const readStoredPage = async (page: number): Promise<ListedOrder<number>[]> => {
    reads.push(page);
    return entries.filter((entry) => listPageOf(entry.position) === page);
  };
  return { entries, reads, readStoredPage };
}

async function readAll(top: number, limit: number, readStoredPage: (page: number) => Promise<ListedOrder<number>[]>) {
  const seen: ListedOrder<number>[] = [];
  let after: PageCursor | undefined;
  for (;;) {
    const page = await readListPage(top, limit, after, readStoredPage);
    seen.push(...page.entries);
    const last = page.entries.at(-1);
    if (!page.hasMore || !last) return seen;
    after = { position: last.position, id: last.id };
  }
}

describe('a user’s order list', () => {
  it('keys a stored page by user and page number', () => {
    expect(listPageOf(0)).toBe(0);
    expect(listPageOf(LIST_PAGE_SIZE - 1)).toBe(0);
    expect(listPageOf(LIST_PAGE_SIZE)).toBe(1);
    expect(listPageKey('alice', 3)).toBe('alice/3');
  });

  it('pages through every order once, newest first, with shared numbers and gaps', async () => {
    // Numbers 1..200, with 40 taken twice (two placings at once) and every seventh never used.
    const positions = Array.from({ length: 200 }, (_, index) => index + 1).filter((position) => position % 7 !== 0);
    positions.push(...positions.filter((position) => position % 5 === 0));
    const { entries, readStoredPage } = storedList(positions);
    for (const limit of [1, 3, 20, 100]) {
      const seen = await readAll(200, limit, readStoredPage);
      expect(seen).toHaveLength(entries.length);
      expect(new Set(seen.map((entry) => entry.id)).size).toBe(entries.length);
      for (let index = 1; index < seen.length; index++) {
        const [newer, older] = [seen[index - 1], seen[index]];
        expect(newer.position > older.position || (newer.position === older.position && newer.id > older.id)).toBe(true);
      }
    }
  });

  it('reads the same few stored pages for a first page with 10 orders or 10,000', async () => {
    for (const count of [10, 10_000, 100_000]) {
      const { reads, readStoredPage } = storedList(Array.from({ length: count }, (_, index) => index + 1));
      const page = await readListPage(count, 20, undefined, readStoredPage);
      expect(page.entries[0].position).toBe(count);
      expect(page.hasMore).toBe(count > 20);
      // The empty page above, the top page, and the full pages 21 orders need.
      expect(reads.length).toBeLessThanOrEqual(2 + Math.ceil(21 / LIST_PAGE_SIZE));
    }
  });

  it('finds the newest order when the counter is one behind (a lost update on FerretDB)', async () => {
    const { readStoredPage } = storedList([30, 31, 32, 33]);
    const page = await readListPage(31, 2, undefined, readStoredPage);
    expect(page.entries.map((entry) => entry.position)).toEqual([33, 32]);
    expect(page.hasMore).toBe(true);
  });

  it('starts a cursor past the user’s numbers at the top, without walking the empty pages above', async () => {
    const { reads, readStoredPage } = storedList([1, 2, 3]);
    const page = await readListPage(3, 1, { position: 263_320_548_608_020, id: '7'.repeat(24) }, readStoredPage);
    expect(page.entries.map((entry) => entry.position)).toEqual([3]);
    expect(page.hasMore).toBe(true);
    expect(reads).toEqual([1, 0]);
  });

  it('ends the list at its first stored page', async () => {
    const { reads, readStoredPage } = storedList([1, 2]);
    await expect(readListPage(2, 20, undefined, readStoredPage)).resolves.toMatchObject({ hasMore: false });
    expect(reads).toEqual([1, 0]);
  });
});
