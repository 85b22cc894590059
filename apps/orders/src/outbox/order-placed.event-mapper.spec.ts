import { Money, placeOrder } from '@app/domain';
import { toOrderPlacedMessage } from './order-placed.event-mapper';

describe('OrderPlaced from the domain order', () => {
  it('is the v1 event keyed by order id with correlation, type and version headers', () => {
    const order = placeOrder({
      id: '0123456789abcdef01234567',
      userId: 'u1',
      cost: Money.ofMajor(0.3),
      lines: [{ name: 'tea', quantity: 3, unitPrice: Money.ofMajor(0.1) }, { name: 'cup', quantity: 1 }],
      correlationId: 'corr-9',
      at: new Date('2026-12-01T10:00:00Z'),
    });
    expect(toOrderPlacedMessage('t.orders.placed', order)).toEqual({
      topic: 't.orders.placed',
      key: order.id,
      value: {
        schemaVersion: 1,
        type: 'OrderPlaced',
        eventId: `${order.id}:placed`,
        occurredAt: '2026-12-01T10:00:00.000Z',
        order: {
          orderid: order.id,
          userid: 'u1',
          cost: 0.3,
          costMinor: 30,
          orderitems: [{ name: 'tea', quantity: 3, price: 0.1 }, { name: 'cup', quantity: 1 }],
          status: 'PLACED',
          createdAt: '2026-12-01T10:00:00.000Z',
        },
      },
      headers: { 'correlation-id': 'corr-9', 'event-type': 'OrderPlaced', 'schema-version': '1' },
    });
  });
});
