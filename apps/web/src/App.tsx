import { useCallback, useEffect, useRef, useState } from 'react';
import type { Order, Product } from './api';
import { Admin } from './components/Admin';
import { Cart, CartLine } from './components/Cart';
import { Orders } from './components/Orders';
import { Payments } from './components/Payments';
import { Shop } from './components/Shop';
import { SignIn } from './components/SignIn';
import type { Session } from './session';

type View = 'shop' | 'cart' | 'orders' | 'payments' | 'admin' | 'sign-in';

export function App() {
  const [session, setSession] = useState<Session>();
  const [view, setView] = useState<View>('shop');
  const [cart, setCart] = useState<CartLine[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const main = useRef<HTMLElement>(null);

  const announce = useCallback((message: string) => setAnnouncement(message), []);
  // A new view's heading takes the focus: keyboard and screen-reader users land where the content is.
  useEffect(() => main.current?.querySelector<HTMLElement>('h2')?.focus(), [view]);

  const add = (product: Product, quantity: number) => {
    setCart((lines) => {
      const known = lines.find((line) => line.productId === product.id);
      return known
        ? lines.map((line) => (line.productId === product.id ? { ...line, quantity: line.quantity + quantity } : line))
        : [...lines, { productId: product.id, name: product.name, price: product.price, quantity }];
    });
    announce(`${quantity} × ${product.name} added to the cart`);
  };
  const placed = (order: Order) => {
    setCart([]);
    announce(`Order ${order.orderid.slice(-6)} placed`);
    setView('orders');
  };
  const items = cart.reduce((sum, line) => sum + line.quantity, 0);
  const tab = (target: View, label: string) => (
    <button type="button" aria-current={view === target ? 'page' : undefined} onClick={() => setView(target)}>
      {label}
    </button>
  );

  return (
    <>
      <header>
        <h1>Retail shop</h1>
        <nav aria-label="Main">
          {tab('shop', 'Shop')}
          {tab('cart', `Cart (${items})`)}
          {session && tab('orders', 'My orders')}
          {session && tab('payments', 'My payments')}
          {session?.isAdmin && tab('admin', 'Admin')}
          {session ? (
            <button
              type="button"
              onClick={() => {
                setSession(undefined);
                setView('shop');
              }}
            >
              Sign out {session.username}
            </button>
          ) : (
            tab('sign-in', 'Sign in')
          )}
        </nav>
      </header>
      <p aria-live="polite" className="announcer" data-testid="announcer">
        {announcement}
      </p>
      <main ref={main}>
        {view === 'shop' && <Shop onAdd={add} />}
        {view === 'cart' && <Cart session={session} lines={cart} onChange={setCart} onPlaced={placed} onSignIn={() => setView('sign-in')} />}
        {view === 'orders' && session && <Orders session={session} announce={announce} />}
        {view === 'payments' && session && <Payments session={session} />}
        {view === 'admin' && session?.isAdmin && <Admin session={session} announce={announce} />}
        {view === 'sign-in' && (
          <SignIn
            onSignedIn={(signedIn) => {
              setSession(signedIn);
              setView(cart.length > 0 ? 'cart' : 'shop');
            }}
          />
        )}
      </main>
    </>
  );
}
