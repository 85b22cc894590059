import { useState } from 'react';
import { ApiError, call, describeError, money, Order, Quote } from '../api';
import { TEST_CARDS } from '../payments';
import type { Session } from '../session';

export interface CartLine {
  productId: string;
  name: string;
  price: number;
  quantity: number;
}

interface Props {
  session: Session | undefined;
  lines: CartLine[];
  onChange: (lines: CartLine[]) => void;
  onPlaced: (order: Order) => void;
  onSignIn: () => void;
}

/** A fresh Idempotency-Key (crypto.getRandomValues: randomUUID needs a secure context). */
function newCheckoutKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function Cart({ session, lines, onChange, onPlaced, onSignIn }: Props) {
  const [quote, setQuote] = useState<Quote>();
  // One key per checkout (this cart at this quote), sent with every try: a retry after an answer
  // that was lost (a 503, a 504, a dropped connection) is the same order, never a second one.
  const [checkoutKey, setCheckoutKey] = useState(newCheckoutKey);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [paymentMethod, setPaymentMethod] = useState<string>(TEST_CARDS[0].id);
  const items = lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));

  const change = (next: CartLine[]) => {
    setQuote(undefined);
    setCheckoutKey(newCheckoutKey());
    setNotice('');
    onChange(next);
  };

  // The cart shows what the server quoted, not the price the shop listed a while ago.
  const show = (current: Quote) => {
    setQuote(current);
    // Another total is another order: the key of the one refused must not stand for it.
    if (quote && quote.total !== current.total) setCheckoutKey(newCheckoutKey());
    onChange(lines.map((line) => ({ ...line, price: current.lines.find((quoted) => quoted.productId === line.productId)?.unitPrice ?? line.price })));
  };

  const review = async () => {
    if (!session) return onSignIn();
    setBusy(true);
    setError('');
    try {
      show((await call<Quote>('/api/orders/quote', { method: 'POST', token: session.token, body: { orderitems: items } })).data);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const place = async () => {
    if (!session || !quote) return;
    setBusy(true);
    setError('');
    setNotice('');
    try {
      // The total the buyer saw: if a price changed meanwhile the server refuses it (409) rather than charge another.
      const { data } = await call<Order>('/order', {
        method: 'POST',
        token: session.token,
        headers: { 'Idempotency-Key': checkoutKey },
        body: { cost: quote.total, orderitems: items, paymentMethod },
      });
      setCheckoutKey(newCheckoutKey());
      onPlaced(data);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'ORDER.PRICE_CHANGED') {
        show(failure.details as Quote);
        setNotice(describeError(failure));
      } else setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="cart-title">
      <h2 id="cart-title" tabIndex={-1}>
        Cart
      </h2>
      {lines.length === 0 ? (
        <p>Your cart is empty.</p>
      ) : (
        <>
          <ul className="lines" aria-label="Cart lines">
            {lines.map((line) => (
              <li key={line.productId}>
                <span className="name">{line.name}</span>
                <label htmlFor={`cart-${line.productId}`}>Quantity of {line.name}</label>
                <input
                  id={`cart-${line.productId}`}
                  type="number"
                  min={1}
                  max={10000}
                  value={line.quantity}
                  onChange={(event) => change(lines.map((other) => (other.productId === line.productId ? { ...other, quantity: Math.max(1, Number(event.target.value) || 1) } : other)))}
                />
                <span>{money(line.price * line.quantity)}</span>
                <button type="button" className="link" onClick={() => change(lines.filter((other) => other.productId !== line.productId))}>
                  Remove {line.name}
                </button>
              </li>
            ))}
          </ul>
          {!quote && (
            <button type="button" onClick={review} disabled={busy}>
              {session ? 'Review price' : 'Sign in to order'}
            </button>
          )}
        </>
      )}
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {quote && (
        <div className="quote" aria-label="Price">
          <table>
            <tbody>
              {quote.lines.map((line) => (
                <tr key={line.productId}>
                  <th scope="row">
                    {line.name} × {line.quantity}
                  </th>
                  <td>{money(line.unitPrice * line.quantity)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Subtotal</th>
                <td data-testid="subtotal">{money(quote.subtotal)}</td>
              </tr>
              <tr>
                <th scope="row">Fee</th>
                <td data-testid="fee">{money(quote.fee)}</td>
              </tr>
              <tr className="total">
                <th scope="row">Total</th>
                <td data-testid="total">{money(quote.total)}</td>
              </tr>
            </tbody>
          </table>
          <label htmlFor="payment-method">Pay with</label>
          <select
            id="payment-method"
            value={paymentMethod}
            onChange={(event) => {
              // Another card is another request: the key must not stand for the one tried before.
              setPaymentMethod(event.target.value);
              setCheckoutKey(newCheckoutKey());
            }}
          >
            {TEST_CARDS.map((card) => (
              <option key={card.id} value={card.id}>
                {card.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={place} disabled={busy}>
            Place order for {money(quote.total)}
          </button>
        </div>
      )}
    </section>
  );
}
