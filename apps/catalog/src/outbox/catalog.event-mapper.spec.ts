import { Money } from '@app/domain';
import { toOutboxRow, toProductDeleted, toProductUpserted } from './catalog.event-mapper';

const product = {
  id: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10',
  name: 'Espresso beans 1kg',
  price: Money.ofMajor(12.65),
  stock: 40,
  reserved: 3,
  version: 4,
  createdAt: new Date('2026-12-01T10:00:00Z'),
  updatedAt: new Date('2026-12-01T11:00:00Z'),
};

describe('product events', () => {
  it('builds ProductUpserted v1 with what buyers can still order', () => {
    expect(toProductUpserted(product)).toEqual({
      schemaVersion: 1,
      type: 'ProductUpserted',
      eventId: `${product.id}:4`,
      occurredAt: '2026-12-01T11:00:00.000Z',
      product: { id: product.id, name: 'Espresso beans 1kg', price: 12.65, priceMinor: 1265, available: 37, version: 4 },
    });
  });

  it('builds ProductDeleted v1 and the outbox row keyed by the product', () => {
    const event = toProductDeleted({ id: product.id, version: 5, updatedAt: product.updatedAt });
    expect(event).toMatchObject({ type: 'ProductDeleted', eventId: `${product.id}:5`, product: { id: product.id, version: 5 } });
    expect(toOutboxRow(event)).toEqual({ topic: 'catalog.products', messageKey: product.id, productId: product.id, eventType: 'ProductDeleted', payload: event });
  });
});
