import { AllowedMethods } from './allowed-methods';

describe('AllowedMethods', () => {
  const allowed = new AllowedMethods();
  allowed.add('/order', ['POST']);
  allowed.add('/orderdetails', ['GET']);
  allowed.add('/api/products/:id', ['GET', 'PUT']);
  allowed.add('/api/products/:id', ['DELETE']);

  it('names the methods of a static path, ignoring the query string', () => {
    expect(allowed.for('/order')).toEqual(['POST']);
    expect(allowed.for('/orderdetails?orderid=1')).toEqual(['GET']);
    // Fastify's router is strict about a trailing slash, and so is this.
    expect(allowed.for('/order/')).toEqual([]);
  });

  it('matches parameters one segment wide', () => {
    expect(allowed.for('/api/products/42')).toEqual(['DELETE', 'GET', 'PUT']);
    expect(allowed.for('/api/products/42/stock')).toEqual([]);
  });

  it('knows nothing of other paths', () => {
    expect(allowed.for('/orders')).toEqual([]);
    expect(allowed.for('/')).toEqual([]);
  });
});
