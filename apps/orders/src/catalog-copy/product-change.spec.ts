import { newestPerProduct, parseProductEvent } from './product-change';

const id = '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10';
const upserted = (overrides: Record<string, unknown> = {}, product: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  type: 'ProductUpserted',
  eventId: `${id}:2`,
  occurredAt: '2026-12-01T10:00:00.000Z',
  product: { id, name: 'Beans', price: 12.65, priceMinor: 1265, available: 3, version: 2, ...product },
  ...overrides,
});

describe('catalog events for the copy', () => {
  it('reads an upsert and a delete', () => {
    expect(parseProductEvent(upserted())).toEqual({
      ok: true,
      change: { productId: id, version: 2, changedAt: new Date('2026-12-01T10:00:00.000Z'), product: { name: 'Beans', priceMinor: 1265, available: 3 } },
    });
    const deleted = parseProductEvent({ schemaVersion: 1, type: 'ProductDeleted', eventId: `${id}:3`, occurredAt: '2026-12-01T10:00:00.000Z', product: { id, version: 3 } });
    expect(deleted).toMatchObject({ ok: true, change: { productId: id, version: 3, product: null } });
  });

  it('refuses what it cannot vouch for rather than guess', () => {
    expect(parseProductEvent('text').ok).toBe(false);
    expect(parseProductEvent(upserted({ schemaVersion: 2 }))).toEqual({ ok: false, detail: 'schemaVersion 2 is not supported' });
    expect(parseProductEvent(upserted({ type: 'ProductRenamed' })).ok).toBe(false);
    expect(parseProductEvent(upserted({}, { id: 'x' })).ok).toBe(false);
    expect(parseProductEvent(upserted({}, { priceMinor: 12.5 })).ok).toBe(false);
    expect(parseProductEvent(upserted({}, { priceMinor: 0 })).ok).toBe(false);
    expect(parseProductEvent(upserted({}, { version: 0 })).ok).toBe(false);
    expect(parseProductEvent(upserted({ occurredAt: 'soon' })).ok).toBe(false);
  });

  it('keeps only the newest change of each product in a batch', () => {
    const change = (productId: string, version: number) => ({ productId, version, changedAt: new Date(0), product: null });
    expect(newestPerProduct([change('a', 2), change('b', 1), change('a', 5), change('a', 3)]).map((kept) => [kept.productId, kept.version])).toEqual([
      ['a', 5],
      ['b', 1],
    ]);
  });
});
