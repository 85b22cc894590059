import { parseOrderPlaced } from './order-placed.parser';

const valid = {
  schemaVersion: 1,
  type: 'OrderPlaced',
  order: { orderid: '0123456789abcdef01234567', userid: 'u1', cost: 1, costMinor: 100, orderitems: [{ name: 'x', quantity: 1 }], status: 'PLACED' },
};

describe('parseOrderPlaced', () => {
  it('accepts a version 1 OrderPlaced', () => {
    expect(parseOrderPlaced(valid)).toEqual({ ok: true, order: { orderid: '0123456789abcdef01234567', userid: 'u1', catalog: false } });
  });

  it('tells an order of catalog products (its items name products) from a client-priced one', () => {
    const order = { ...(valid as { order: object }).order, orderitems: [{ productId: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10', name: 'x', quantity: 1 }] };
    expect(parseOrderPlaced({ ...valid, order })).toMatchObject({ ok: true, order: { catalog: true } });
  });

  it.each([
    ['a string', 'not json', 'NOT_JSON'],
    ['null', null, 'NOT_JSON'],
    ['an array', [valid], 'NOT_JSON'],
    ['version 2', { ...valid, schemaVersion: 2 }, 'UNKNOWN_SCHEMA_VERSION'],
    ['no version', { ...valid, schemaVersion: undefined }, 'UNKNOWN_SCHEMA_VERSION'],
    ['another type', { ...valid, type: 'OrderShipped' }, 'INVALID_EVENT'],
    ['no order', { ...valid, order: undefined }, 'INVALID_EVENT'],
    ['a bad order id', { ...valid, order: { ...valid.order, orderid: 'x' } }, 'INVALID_EVENT'],
    ['no user id', { ...valid, order: { ...valid.order, userid: '' } }, 'INVALID_EVENT'],
    ['no items (what billing could not charge)', { ...valid, order: { ...valid.order, orderitems: [] } }, 'INVALID_EVENT'],
    ['no cost in minor units', { ...valid, order: { ...valid.order, costMinor: undefined } }, 'INVALID_EVENT'],
  ])('refuses %s as %s', (_label, value, reason) => {
    expect(parseOrderPlaced(value)).toMatchObject({ ok: false, reason });
  });
});
