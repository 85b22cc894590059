import request from 'supertest';
import { CatalogDatabase } from '@apps/catalog/database/catalog-database';
import { newUser } from '@test/e2e/tokens';
import { catalogAppUnderTest, product, UUID } from './catalog-app.fixture';

describe('catalog app (e2e)', () => {
  const catalog = catalogAppUnderTest();
  const { admin, create, created } = catalog;
  const buyer = newUser();

  it('publishes its API document with every route and the If-Match header', async () => {
    const { body } = await request(catalog.http).get('/docs-json').expect(200);
    expect(Object.keys(body.paths).sort()).toEqual(['/api/products', '/api/products/{id}', '/health', '/health/ready', '/metrics']);
    expect(body.paths['/api/products/{id}'].patch.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['id', 'If-Match']));
  });

  it('is ready while PostgreSQL answers', async () => {
    const response = await request(catalog.http).get('/health/ready').expect(200);
    expect(response.body.details.postgres.status).toBe('up');
    expect(response.body.details.mongo).toBeUndefined();
  });

  describe('who may write', () => {
    it('lets an admin create a product: 201, Location, ETag and the product', async () => {
      const response = await create(product('Espresso beans 1kg', { description: 'Single origin' })).expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'Espresso beans 1kg',
        description: 'Single origin',
        price: 12.65,
        stock: 40,
        available: 40,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: response.body.createdAt,
      });
      expect(response.headers.location).toBe(`/api/products/${response.body.id}`);
      expect(response.headers.etag).toBe('"1"');
    });

    it('refuses a write without a token (401) and from a buyer (403 AUTH.FORBIDDEN), storing nothing', async () => {
      const before = await request(catalog.http).get('/api/products?name=Forbidden%20tea').expect(200);
      await request(catalog.http).post('/api/products').send(product('Forbidden tea')).expect(401);
      const refused = await create(product('Forbidden tea'), buyer.token).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
      const { id } = await created('Someone else’s');
      await request(catalog.http).delete(`/api/products/${id}`).set('Authorization', `Bearer ${buyer.token}`).expect(403);
      await request(catalog.http).patch(`/api/products/${id}`).set('Authorization', `Bearer ${buyer.token}`).send({ stock: 1 }).expect(403);
      await request(catalog.http).delete('/api/products').expect(401);
      const after = await request(catalog.http).get('/api/products?name=Forbidden%20tea').expect(200);
      expect(after.body.products).toEqual(before.body.products);
    });

    it('serves reads to anyone, without a token', async () => {
      const { id } = await created('Public kettle');
      const response = await request(catalog.http).get(`/api/products/${id}`).expect(200);
      expect(response.body).toMatchObject({ id, name: 'Public kettle', available: 40 });
      expect(response.headers.etag).toBe('"1"');
    });
  });

  describe('reading', () => {
    it('answers 404 PRODUCT.NOT_FOUND for an unknown id and 400 for one that is not a UUID', async () => {
      const missing = await request(catalog.http).get('/api/products/0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10').expect(404);
      expect(missing.body.code).toBe('PRODUCT.NOT_FOUND');
      const malformed = await request(catalog.http).get('/api/products/not-a-uuid').expect(400);
      expect(malformed.body.code).toBe('VALIDATION.FAILED');
    });

    it('finds by case-insensitive substring, newest first, page by page', async () => {
      const tag = `Zq${Date.now().toString(36)}`;
      const ids: string[] = [];
      for (const name of [`${tag} green tea`, `black ${tag.toUpperCase()} tea`, `${tag.toLowerCase()} oolong`, `${tag} mug`, `${tag} pot`]) {
        ids.push((await created(name)).id);
      }
      await created('unrelated teapot');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await request(catalog.http)
          .get('/api/products')
          .query({ name: tag.toLowerCase(), limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        expect(page.body.products.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.products.map((found: { id: string }) => found.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it('takes % and _ in a search literally', async () => {
      const tag = `Pct${Date.now().toString(36)}`;
      const { id } = await created(`${tag} 50% off`);
      await created(`${tag} 50 off`);
      const found = await request(catalog.http).get('/api/products').query({ name: `${tag} 50%` }).expect(200);
      expect(found.body.products.map((item: { id: string }) => item.id)).toEqual([id]);
      const underscore = await request(catalog.http).get('/api/products').query({ name: `${tag}_50` }).expect(200);
      expect(underscore.body.products).toEqual([]);
    });

    it('plans every search for its own word, though its statement is prepared once per connection', async () => {
      // A generic plan of `name ILIKE $1` walks the newest-first index: slow for a rare word.
      const database = catalog.app.get(CatalogDatabase);
      const { rows } = await database.pool.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
      expect(rows[0].plan_cache_mode).toBe('force_custom_plan');
      const tag = `Rare${Date.now().toString(36)}`;
      const { id } = await created(`${tag} kettle`);
      for (let search = 0; search < 7; search++) {
        const found = await request(catalog.http).get('/api/products').query({ name: search % 2 ? tag : `${tag} kettle` }).expect(200);
        expect(found.body.products.map((item: { id: string }) => item.id)).toEqual([id]);
      }
    });

    it('refuses a limit out of range and a cursor it did not give out', async () => {
      await request(catalog.http).get('/api/products?limit=0').expect(400);
      await request(catalog.http).get('/api/products?limit=101').expect(400);
      const cursor = await request(catalog.http).get('/api/products?cursor=abc').expect(400);
      expect(cursor.body.code).toBe('VALIDATION.FAILED');
      const tooFar = await request(catalog.http).get('/api/products?cursor=999999999999999-0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10').expect(400);
      expect(tooFar.body.code).toBe('VALIDATION.FAILED');
      const farthest = await request(catalog.http).get('/api/products?cursor=99999999999999-0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10').expect(200);
      expect(farthest.body.products.length).toBeGreaterThan(0);
    });
  });

  describe('changing', () => {
    const auth = (call: request.Test) => call.set('Authorization', `Bearer ${admin.token}`);

    it('replaces with PUT (a description left out is cleared) and changes a subset with PATCH, one version each', async () => {
      const { id } = await created('Grinder', { description: 'Burr' });
      const replaced = await auth(request(catalog.http).put(`/api/products/${id}`)).send({ name: 'Grinder II', price: 99.9, stock: 5 }).expect(200);
      expect(replaced.body).toMatchObject({ name: 'Grinder II', price: 99.9, stock: 5, available: 5, version: 2 });
      expect(replaced.body).not.toHaveProperty('description');
      expect(replaced.headers.etag).toBe('"2"');
      const patched = await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ stock: 7 }).expect(200);
      expect(patched.body).toMatchObject({ name: 'Grinder II', price: 99.9, stock: 7, version: 3 });
    });

    it('refuses a stale If-Match with 412 and changes nothing; the current one goes through', async () => {
      const { id } = await created('Scale');
      await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ stock: 1 }).expect(200);
      const stale = await auth(request(catalog.http).patch(`/api/products/${id}`)).set('If-Match', '"1"').send({ stock: 99 }).expect(412);
      expect(stale.body.code).toBe('PRODUCT.VERSION_MISMATCH');
      await auth(request(catalog.http).delete(`/api/products/${id}`)).set('If-Match', '"1"').expect(412);
      expect((await request(catalog.http).get(`/api/products/${id}`).expect(200)).body).toMatchObject({ stock: 1, version: 2 });
      await auth(request(catalog.http).patch(`/api/products/${id}`)).set('If-Match', 'W/"2"').send({ stock: 99 }).expect(412);
      await auth(request(catalog.http).patch(`/api/products/${id}`)).set('If-Match', '"7", "2"').send({ stock: 3 }).expect(200);
      const malformed = await auth(request(catalog.http).patch(`/api/products/${id}`)).set('If-Match', 'version 3').send({ stock: 4 }).expect(400);
      expect(malformed.body.code).toBe('PRODUCT.INVALID_IF_MATCH');
    });

    it('lets exactly one of concurrent writers with the same If-Match win', async () => {
      const { id } = await created('Contested');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) => auth(request(catalog.http).patch(`/api/products/${id}`)).set('If-Match', '"1"').send({ stock: index })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
      expect((await request(catalog.http).get(`/api/products/${id}`)).body.version).toBe(2);
    });

    it('refuses stock below what is reserved with 409 PRODUCT.STOCK_BELOW_RESERVED', async () => {
      const { id } = await created('Reserved beans', { stock: 10 });
      await catalog.sql.query('UPDATE products SET reserved = 6 WHERE id = $1', [id]);
      const refused = await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ stock: 5 }).expect(409);
      expect(refused.body.code).toBe('PRODUCT.STOCK_BELOW_RESERVED');
      const kept = await request(catalog.http).get(`/api/products/${id}`).expect(200);
      expect(kept.body).toMatchObject({ stock: 10, available: 4, version: 1 });
      await auth(request(catalog.http).patch(`/api/products/${id}`)).send({ stock: 6 }).expect(200);
    });

    it('deletes softly: 204, then gone for buyers (404, not listed) and kept in the table', async () => {
      const { id } = await created('Discontinued');
      await auth(request(catalog.http).delete(`/api/products/${id}`)).expect(204);
      await request(catalog.http).get(`/api/products/${id}`).expect(404);
      await auth(request(catalog.http).delete(`/api/products/${id}`)).expect(404);
      const listed = await request(catalog.http).get('/api/products?name=Discontinued').expect(200);
      expect(listed.body.products.map((item: { id: string }) => item.id)).not.toContain(id);
      const row = await catalog.sql.query('SELECT deleted_at FROM products WHERE id = $1', [id]);
      expect(row.rows[0].deleted_at).toBeInstanceOf(Date);
    });
  });

  describe('bad input', () => {
    const cases: [string, object | string][] = [
      ['no name', { price: 1, stock: 1 }],
      ['a blank name', { name: '   ', price: 1, stock: 1 }],
      ['a name of 201 characters', { name: 'x'.repeat(201), price: 1, stock: 1 }],
      ['a NUL in the name', { name: 'tea\u0000', price: 1, stock: 1 }],
      ['a description of 2001 characters', { name: 'tea', description: 'x'.repeat(2001), price: 1, stock: 1 }],
      ['a price of 0', { name: 'tea', price: 0, stock: 1 }],
      ['a negative price', { name: 'tea', price: -1, stock: 1 }],
      ['three decimals', { name: 'tea', price: 1.005, stock: 1 }],
      ['a price as text', { name: 'tea', price: '1.00', stock: 1 }],
      ['fractional stock', { name: 'tea', price: 1, stock: 1.5 }],
      ['negative stock', { name: 'tea', price: 1, stock: -1 }],
      ['stock over a million', { name: 'tea', price: 1, stock: 1_000_001 }],
      ['an unknown field', { name: 'tea', price: 1, stock: 1, reserved: 5 }],
      ['an array', [{ name: 'tea', price: 1, stock: 1 }]],
      ['malformed JSON', '{"name": "tea",'],
    ];

    it.each(cases)('answers %s with a 400 in the error shape and stores nothing', async (_label, body) => {
      const count = async () => (await catalog.sql.query('SELECT count(*)::int AS n FROM products')).rows[0].n as number;
      const before = await count();
      const call = request(catalog.http).post('/api/products').set('Authorization', `Bearer ${admin.token}`);
      const response = typeof body === 'string' ? await call.set('Content-Type', 'application/json').send(body) : await call.send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: expect.any(String), correlationId: expect.any(String) });
      expect(await count()).toBe(before);
    });

    it('refuses an empty PATCH and a PATCH with unknown fields', async () => {
      const { id } = await created('Patchable');
      await request(catalog.http).patch(`/api/products/${id}`).set('Authorization', `Bearer ${admin.token}`).send({}).expect(400);
      await request(catalog.http).patch(`/api/products/${id}`).set('Authorization', `Bearer ${admin.token}`).send({ version: 9 }).expect(400);
    });
  });
});
