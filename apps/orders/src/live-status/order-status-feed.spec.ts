import { MAX_STREAMS_PER_USER, OrderStatusFeed, StatusListener } from './order-status-feed';
import { toStatusUpdate } from './order-status-update';

const listener = () => {
  const sent: unknown[] = [];
  const state = { closed: false };
  const value: StatusListener = { send: (update) => sent.push(update), close: () => (state.closed = true) };
  return { value, sent, state };
};
const update = (userid: string, orderid = 'o1') => ({ orderid, userid, status: 'PROCESSED' as const, at: '2026-12-02T00:00:00.000Z' });

describe('OrderStatusFeed', () => {
  it("sends an update only to the streams of the order's owner", () => {
    const feed = new OrderStatusFeed();
    const ada = listener();
    const bob = listener();
    feed.subscribe('ada', ada.value);
    feed.subscribe('bob', bob.value);
    feed.publish(update('ada'));
    expect(ada.sent).toEqual([update('ada')]);
    expect(bob.sent).toEqual([]);
  });

  it('stops sending once a stream unsubscribed, and counts it once however often it says so', () => {
    const feed = new OrderStatusFeed();
    const ada = listener();
    const subscription = feed.subscribe('ada', ada.value);
    if (!subscription.ok) throw new Error('refused');
    subscription.unsubscribe();
    subscription.unsubscribe();
    feed.publish(update('ada'));
    expect(ada.sent).toEqual([]);
    expect(feed.streams).toBe(0);
  });

  it(`refuses a user's stream beyond ${MAX_STREAMS_PER_USER}`, () => {
    const feed = new OrderStatusFeed();
    for (let index = 0; index < MAX_STREAMS_PER_USER; index++) expect(feed.subscribe('ada', listener().value).ok).toBe(true);
    expect(feed.subscribe('ada', listener().value)).toEqual({ ok: false, reason: 'user-limit' });
    expect(feed.subscribe('bob', listener().value).ok).toBe(true);
  });

  it('ends every open stream when the app shuts down', () => {
    const feed = new OrderStatusFeed();
    const streams = [listener(), listener()];
    feed.subscribe('ada', streams[0].value);
    feed.subscribe('bob', streams[1].value);
    feed.beforeApplicationShutdown();
    expect(streams.map((stream) => stream.state.closed)).toEqual([true, true]);
  });
});

describe('toStatusUpdate', () => {
  const at = '2026-12-02T10:00:00.000Z';
  it.each([
    [{ type: 'OrderProcessed', occurredAt: at, order: { orderid: 'o', userid: 'u', status: 'PROCESSED', processedAt: at } }, { orderid: 'o', userid: 'u', status: 'PROCESSED', at }],
    [{ type: 'OrderRejected', occurredAt: at, order: { orderid: 'o', userid: 'u', status: 'REJECTED', reason: 'OUT_OF_STOCK: p (2 wanted, 1 available)', rejected: [] } }, { orderid: 'o', userid: 'u', status: 'REJECTED', reason: 'OUT_OF_STOCK: p (2 wanted, 1 available)', at }],
    [{ type: 'OrderCancelled', occurredAt: at, order: { orderid: 'o', userid: 'u', status: 'CANCELLED' } }, { orderid: 'o', userid: 'u', status: 'CANCELLED', at }],
  ])('reads %j', (event, expected) => {
    expect(toStatusUpdate(event)).toEqual(expected);
  });

  it.each([null, 'text', { type: 'OrderPlaced', occurredAt: at, order: { orderid: 'o', userid: 'u', status: 'PLACED' } }, { type: 'OrderProcessed', occurredAt: at, order: { orderid: 'o', status: 'PROCESSED' } }, { type: 'OrderProcessed', occurredAt: at, order: { orderid: 'o', userid: 'u', status: 'REJECTED' } }])(
    'passes over %j',
    (event) => {
      expect(toStatusUpdate(event)).toBeUndefined();
    },
  );
});
