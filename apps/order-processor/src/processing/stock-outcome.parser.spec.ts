import { describeRejection, parseStockOutcome } from './stock-outcome.parser';

const orderid = '0123456789abcdef01234567';
const line = { productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', quantity: 3, reason: 'OUT_OF_STOCK' as const, available: 2 };

describe('the catalog answers as the processor reads them', () => {
  it('reads StockReserved and StockRejected v1', () => {
    expect(parseStockOutcome({ schemaVersion: 1, type: 'StockReserved', order: { orderid, userid: 'u1', lines: [] } })).toEqual({ ok: true, outcome: { kind: 'reserved', orderid, userid: 'u1' } });
    expect(parseStockOutcome({ schemaVersion: 1, type: 'StockRejected', order: { orderid, userid: 'u1', rejected: [line] } })).toEqual({
      ok: true,
      outcome: { kind: 'rejected', orderid, userid: 'u1', rejected: [line] },
    });
  });

  it('takes anything else for poison, with a reason for the DLQ', () => {
    expect(parseStockOutcome('x')).toMatchObject({ ok: false, reason: 'NOT_JSON' });
    expect(parseStockOutcome({ schemaVersion: 9, type: 'StockReserved' })).toMatchObject({ ok: false, reason: 'UNKNOWN_SCHEMA_VERSION' });
    expect(parseStockOutcome({ schemaVersion: 1, type: 'StockRejected', order: { orderid, userid: 'u1', rejected: [] } })).toMatchObject({ ok: false, reason: 'INVALID_EVENT' });
    expect(parseStockOutcome({ schemaVersion: 1, type: 'StockRejected', order: { orderid, userid: 'u1', rejected: [{ ...line, reason: 'MAYBE' }] } })).toMatchObject({ ok: false });
    expect(parseStockOutcome({ schemaVersion: 1, type: 'StockReserved', order: { orderid: 'short', userid: 'u1' } })).toMatchObject({ ok: false, reason: 'INVALID_EVENT' });
  });

  it('says why in one line per refused product', () => {
    expect(describeRejection([line, { productId: 'p2', quantity: 1, reason: 'PRODUCT_GONE' }])).toBe(
      'OUT_OF_STOCK: 0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10 (3 wanted, 2 available); PRODUCT_GONE: p2',
    );
  });
});
