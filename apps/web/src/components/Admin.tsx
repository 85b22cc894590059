import { FormEvent, useCallback, useEffect, useState } from 'react';
import { call, describeError, money, Product } from '../api';
import type { Session } from '../session';
import { Compensations } from './Compensations';

/** The catalog for a token with the admin role: add, change price and stock, delete. */
export function Admin({ session, announce }: { session: Session; announce: (message: string) => void }) {
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState('');
  const [form, setForm] = useState({ name: '', description: '', price: '', stock: '' });

  const load = useCallback(async () => {
    try {
      setProducts((await call<{ products: Product[] }>('/api/products?limit=100')).data.products);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError('');
    try {
      await what();
      announce(done);
    } catch (failure) {
      setError(describeError(failure));
    }
    await load();
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await call('/api/products', {
        method: 'POST',
        token: session.token,
        body: { name: form.name, ...(form.description ? { description: form.description } : {}), price: Number(form.price), stock: Number(form.stock) },
      });
      setForm({ name: '', description: '', price: '', stock: '' });
    }, `Added ${form.name}`);
  };

  return (
    <section aria-labelledby="admin-title">
      <h2 id="admin-title" tabIndex={-1}>
        Catalog admin
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <Compensations session={session} />
      <form onSubmit={create} className="panel" aria-label="Add a product">
        <h3>Add a product</h3>
        <label htmlFor="new-name">Name</label>
        <input id="new-name" required maxLength={200} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        <label htmlFor="new-description">Description</label>
        <input id="new-description" maxLength={2000} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
        <label htmlFor="new-price">Price</label>
        <input id="new-price" required type="number" min={0.01} step={0.01} value={form.price} onChange={(event) => setForm({ ...form, price: event.target.value })} />
        <label htmlFor="new-stock">Stock</label>
        <input id="new-stock" required type="number" min={0} max={1000000} step={1} value={form.stock} onChange={(event) => setForm({ ...form, stock: event.target.value })} />
        <button type="submit">Add product</button>
      </form>
      <ul className="lines" aria-label="Catalog products">
        {products.map((product) => (
          <AdminRow key={`${product.id}:${product.version}`} product={product} session={session} run={run} />
        ))}
      </ul>
    </section>
  );
}

function AdminRow({ product, session, run }: { product: Product; session: Session; run: (what: () => Promise<unknown>, done: string) => Promise<void> }) {
  const [stock, setStock] = useState(String(product.stock));
  const [price, setPrice] = useState(String(product.price));
  // If-Match: a change made by someone else since this row was loaded is refused (412), not overwritten.
  const ifMatch = { 'if-match': `"${product.version}"` };
  return (
    <li aria-label={`Product ${product.name}`}>
      <span className="name">{product.name}</span>
      <span className="muted">
        {money(product.price)}, {product.available} of {product.stock} available
      </span>
      <label htmlFor={`price-${product.id}`}>Price of {product.name}</label>
      <input id={`price-${product.id}`} type="number" min={0.01} step={0.01} value={price} onChange={(event) => setPrice(event.target.value)} />
      <label htmlFor={`stock-${product.id}`}>Stock of {product.name}</label>
      <input id={`stock-${product.id}`} type="number" min={0} max={1000000} value={stock} onChange={(event) => setStock(event.target.value)} />
      <button
        type="button"
        onClick={() =>
          run(() => call(`/api/products/${product.id}`, { method: 'PATCH', token: session.token, headers: ifMatch, body: { price: Number(price), stock: Number(stock) } }), `Saved ${product.name}`)
        }
      >
        Save {product.name}
      </button>
      <button type="button" className="danger" onClick={() => run(() => call(`/api/products/${product.id}`, { method: 'DELETE', token: session.token }), `Deleted ${product.name}`)}>
        Delete {product.name}
      </button>
    </li>
  );
}
