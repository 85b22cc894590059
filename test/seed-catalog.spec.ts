/* eslint-disable @typescript-eslint/no-require-imports */
const { DEMO_PRODUCTS, refusal, seed } = require('../scripts/seed-catalog.js') as {
  DEMO_PRODUCTS: { name: string; price: number; stock: number }[];
  refusal: (baseUrl: string, existing: number) => string | undefined;
  seed: (env: Record<string, string>) => Promise<{ baseUrl: string; count: number }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The gateway as seed() sees it: a catalog with `existing` products and an administrator. */
function fakeGateway(existing: number) {
  const calls: { method: string; url: string; authorization?: string; body?: unknown }[] = [];
  jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method: init?.method ?? 'GET', url, authorization: headers.authorization, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url.includes('/api/products?')) return Response.json({ products: Array.from({ length: existing }, () => ({})), nextCursor: null });
    if (url.endsWith('/api/token')) return headers.authorization === `Basic ${Buffer.from('admin:s3cret').toString('base64')}` ? Response.json({ access_token: 'jwt' }) : Response.json({ code: 'AUTH.UNAUTHORIZED' }, { status: 401 });
    return Response.json({ id: 'x' }, { status: 201 });
  });
  return calls;
}

describe('npm run seed (scripts/seed-catalog.js)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('signs in as the administrator of .env and adds the demo products through the gateway', async () => {
    const calls = fakeGateway(0);
    await expect(seed({ GATEWAY_PORT: '8080', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 's3cret' })).resolves.toEqual({ baseUrl: 'http://127.0.0.1:8080', count: DEMO_PRODUCTS.length });
    const posts = calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.body)).toEqual(DEMO_PRODUCTS);
    expect(posts.every((call) => call.url === 'http://127.0.0.1:8080/api/products' && call.authorization === 'Bearer jwt')).toBe(true);
  });

  it('writes nothing into a catalog that has products, nor to a platform on another machine', async () => {
    const calls = fakeGateway(1);
    await expect(seed({ ADMIN_PASSWORD: 's3cret' })).rejects.toThrow('the catalog has products already');
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
    expect(refusal('https://shop.example.com', 0)).toContain('not on this machine');
    expect(refusal('http://localhost:8080', 0)).toBeUndefined();
  });

  it('says what is missing when .env has no administrator password', async () => {
    fakeGateway(0);
    await expect(seed({})).rejects.toThrow('needs ADMIN_PASSWORD');
  });
});
