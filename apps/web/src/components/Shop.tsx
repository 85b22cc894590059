import { useEffect, useState } from 'react';
import { call, describeError, money, Product } from '../api';

export function Shop({ onAdd }: { onAdd: (product: Product, quantity: number) => void }) {
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const { data } = await call<{ products: Product[] }>(`/api/products?limit=50${query ? `&name=${encodeURIComponent(query)}` : ''}`);
        if (current) {
          setProducts(data.products);
          setError('');
        }
      } catch (failure) {
        if (current) setError(describeError(failure));
      } finally {
        if (current) setLoading(false);
      }
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <section aria-labelledby="shop-title">
      <h2 id="shop-title" tabIndex={-1}>
        Shop
      </h2>
      <label htmlFor="search">Search products</label>
      <input id="search" type="search" value={query} maxLength={200} onChange={(event) => setQuery(event.target.value)} placeholder="kettle, beans, …" />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p aria-live="polite" className="muted">
        {loading ? 'Searching…' : `${products.length} product${products.length === 1 ? '' : 's'}`}
      </p>
      <ul className="grid" aria-label="Products">
        {products.map((product) => (
          <ProductCard key={product.id} product={product} onAdd={onAdd} />
        ))}
      </ul>
    </section>
  );
}

function ProductCard({ product, onAdd }: { product: Product; onAdd: (product: Product, quantity: number) => void }) {
  const [quantity, setQuantity] = useState(1);
  const soldOut = product.available < 1;
  const inputId = `quantity-${product.id}`;
  return (
    <li className="card" aria-label={product.name}>
      <h3>{product.name}</h3>
      {product.description && <p>{product.description}</p>}
      <p className="price">{money(product.price)}</p>
      <p className="muted">{soldOut ? 'Sold out' : `${product.available} available`}</p>
      <label htmlFor={inputId}>Quantity</label>
      <input id={inputId} type="number" min={1} max={10000} value={quantity} disabled={soldOut} onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))} />
      <button type="button" disabled={soldOut} onClick={() => onAdd(product, quantity)}>
        Add to cart
      </button>
    </li>
  );
}
