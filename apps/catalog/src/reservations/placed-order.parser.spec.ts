import { mergeLines } from './order-lines';
import { parsePlacedOrder } from './placed-order.parser';

const productA = '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10';
const productB = '1b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10';
const placed = (orderitems: object[]) => ({ schemaVersion: 1, type: 'OrderPlaced', order: { orderid: '0123456789abcdef01234567', userid: 'u1', orderitems } });

describe('what the catalog reads of an OrderPlaced', () => {
  it('takes the catalog lines of an order of products, and nothing of a client-priced one', () => {
    expect(parsePlacedOrder(placed([{ productId: productA, name: 'a', quantity: 2 }]))).toEqual({
      ok: true,
      order: { orderId: '0123456789abcdef01234567', userId: 'u1', lines: [{ productId: productA, quantity: 2 }] },
    });
    expect(parsePlacedOrder(placed([{ name: 'own', quantity: 1 }]))).toEqual({ ok: true, order: null });
  });

  it('refuses what it cannot vouch for', () => {
    expect(parsePlacedOrder('x').ok).toBe(false);
    expect(parsePlacedOrder({ ...placed([]), schemaVersion: 2 }).ok).toBe(false);
    expect(parsePlacedOrder(placed([])).ok).toBe(false);
    expect(parsePlacedOrder(placed([{ productId: 'not-a-uuid', quantity: 1 }])).ok).toBe(false);
    expect(parsePlacedOrder(placed([{ productId: productA, quantity: 0 }])).ok).toBe(false);
    expect(parsePlacedOrder(placed([{ productId: productA, quantity: 1 }, { name: 'own', quantity: 1 }])).ok).toBe(false);
  });

  it('merges repeated products and orders the lines by product id (the order rows are locked in)', () => {
    expect(mergeLines([{ productId: productB, quantity: 1 }, { productId: productA, quantity: 2 }, { productId: productB, quantity: 3 }])).toEqual([
      { productId: productA, quantity: 2 },
      { productId: productB, quantity: 4 },
    ]);
  });
});
