import { Types } from 'mongoose';
import { Money, Order, placeOrder } from '@app/domain';
import { toOrder, toOrderDocument } from './order.mapper';
import { OrderDocument } from './order.schema';

const outbox = { published: false, leaseUntil: new Date(5000), leaseOwner: 'me', attempts: 1 };

function sampleOrder(): Order {
  return placeOrder({
    id: new Types.ObjectId().toHexString(),
    userId: 'u1',
    cost: Money.ofMajor(25.3),
    lines: [
      { name: 'beans', quantity: 2, unitPrice: Money.ofMajor(12.65) },
      { name: 'filter', quantity: 1 },
    ],
    idempotency: { key: 'k-1', requestHash: 'abc' },
    correlationId: 'corr-1',
    at: new Date('2026-12-01T10:00:00Z'),
  });
}

describe('order mapper', () => {
  it('stores money as minor units and the outbox entry beside the order, and reads back the same order', () => {
    const order = sampleOrder();
    const document = toOrderDocument(order, outbox);
    expect(document).toMatchObject({
      userid: 'u1',
      costMinor: 2530,
      orderitems: [{ name: 'beans', quantity: 2, priceMinor: 1265 }, { name: 'filter', quantity: 1 }],
      status: 'PLACED',
      outbox,
      outboxPending: true,
      idempotency: { key: 'k-1', requestHash: 'abc' },
      correlationId: 'corr-1',
    });
    expect(document._id.toHexString()).toBe(order.id);
    expect(document.orderitems[1]).not.toHaveProperty('priceMinor');
    expect(toOrder(document)).toEqual(order);
  });

  it('keeps a server-priced order: product ids on its lines, subtotal and fee beside the cost (its total)', () => {
    const priced = placeOrder({
      id: new Types.ObjectId().toHexString(),
      userId: 'u1',
      cost: Money.ofMajor(30.36),
      lines: [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', name: 'beans', quantity: 2, unitPrice: Money.ofMajor(12.65) }],
      pricing: { subtotal: Money.ofMajor(25.3), fee: Money.ofMajor(5.06), total: Money.ofMajor(30.36) },
      at: new Date('2026-12-01T10:00:00Z'),
    });
    const document = toOrderDocument(priced, outbox);
    expect(document).toMatchObject({ costMinor: 3036, subtotalMinor: 2530, feeMinor: 506 });
    expect(document.orderitems[0].productId).toBe('0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10');
    expect(toOrder(document)).toEqual(priced);
    expect(toOrderDocument(sampleOrder(), outbox)).not.toHaveProperty('subtotalMinor');
  });

  it('reads a line stored with a null price (older documents) as a line without one', () => {
    const document = toOrderDocument(sampleOrder(), outbox);
    const older = { ...document, orderitems: [{ name: 'tea', quantity: 1, priceMinor: null }] } as unknown as OrderDocument;
    expect(toOrder(older).lines).toEqual([{ name: 'tea', quantity: 1 }]);
  });

  it('marks an entry already published as not pending', () => {
    expect(toOrderDocument(sampleOrder(), { ...outbox, published: true }).outboxPending).toBe(false);
  });
});
