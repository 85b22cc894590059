import { useCallback, useEffect, useState } from 'react';
import { call, describeError, money, Order } from '../api';
import { followStatuses, LiveState, StatusUpdate } from '../live';
import { describePayment, describeReason } from '../payments';
import type { Session } from '../session';

const CANCELLABLE = new Set(['PLACED', 'PROCESSED']);

function reasonOf(order: Order): string | undefined {
  return [...order.statusHistory].reverse().find((entry) => entry.status === order.status)?.reason;
}

/** The buyer's orders, newest first, each status updated live as the platform moves it. */
export function Orders({ session, announce }: { session: Session; announce: (message: string) => void }) {
  const [orders, setOrders] = useState<Order[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setOrders((await call<{ orders: Order[] }>('/orderdetails?limit=20', { token: session.token })).data.orders);
      setError('');
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [session.token]);

  useEffect(() => {
    const apply = (update: StatusUpdate) => {
      setOrders((current) =>
        current.map((order) =>
          order.orderid === update.orderid
            ? {
                ...order,
                status: update.status,
                // A refund of a cancelled order keeps its status: no second history entry for it.
                statusHistory:
                  update.status === order.status
                    ? order.statusHistory
                    : [...order.statusHistory, { status: update.status, at: update.at, ...(update.reason ? { reason: update.reason } : {}) }],
                ...(update.payment && order.payment ? { payment: { ...order.payment, ...update.payment } } : {}),
              }
            : order,
        ),
      );
      const paid = update.payment ? ` (${update.payment.status === 'CAPTURED' ? 'paid' : update.payment.status.toLowerCase()})` : '';
      announce(`Order ${update.orderid.slice(-6)} is ${update.status.toLowerCase()}${paid}${update.reason ? `: ${describeReason(update.reason, {})}` : ''}`);
      // The stream carries the status; the payment that moved it is read again.
      void load();
    };
    // Whatever changed while the stream was away is read again once it is back.
    const stop = followStatuses(session.token, apply, (state) => {
      setLive(state);
      if (state === 'live') void load();
    });
    return stop;
  }, [session.token, load, announce]);

  const cancel = async (order: Order) => {
    try {
      await call(`/order/${order.orderid}/cancel`, { method: 'POST', token: session.token });
      announce(`Cancelling order ${order.orderid.slice(-6)}…`);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <section aria-labelledby="orders-title">
      <h2 id="orders-title" tabIndex={-1}>
        My orders
      </h2>
      <p className="muted" data-testid="live-state">
        {live === 'live' ? 'Statuses update live' : live === 'stopped' ? 'Live updates stopped: sign in again' : 'Connecting to live updates…'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {orders.length === 0 && <p>No orders yet.</p>}
      <ul className="orders" aria-label="Orders">
        {orders.map((order) => {
          const reason = reasonOf(order);
          return (
            <li key={order.orderid} className="order" data-orderid={order.orderid}>
              <div>
                <strong>Order {order.orderid.slice(-6)}</strong> <span className="muted">{new Date(order.createdAt).toLocaleString()}</span>
              </div>
              <div>{(order.lines ?? order.orderitems).map((line) => `${line.name} × ${line.quantity}`).join(', ')}</div>
              <div>
                {order.total !== undefined ? `Total ${money(order.total)} (fee ${money(order.fee ?? 0)})` : `Cost ${money(order.cost)}`}
              </div>
              <div>
                Status: <span className={`status status-${order.status.toLowerCase()}`} data-testid="status">{order.status}</span>
                {reason && <span className="reason"> — {describeReason(reason, order)}</span>}
              </div>
              {order.payment && (
                <div className={`payment payment-${order.payment.status.toLowerCase()}`} data-testid="payment">
                  {describePayment(order.payment)}
                </div>
              )}
              {CANCELLABLE.has(order.status) && (
                <button type="button" onClick={() => cancel(order)}>
                  Cancel order {order.orderid.slice(-6)}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
