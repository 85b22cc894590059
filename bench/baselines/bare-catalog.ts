/**
 * B3: a bare Fastify route running the catalog's search query over node-postgres: the same
 * SQL (name ILIKE, not deleted, newest first, one more row than the page), the same response
 * shape; no schema validation, no ORM, no breaker, no logging.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: requiredEnv('BENCH_DATABASE_URL'), max: 10 });
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { name?: string; limit?: string } }>('/api/products', async (request) => {
    const limit = Number(request.query.limit ?? 20);
    const pattern = `%${(request.query.name ?? '').replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const { rows } = await pool.query(
      `SELECT id, name, description, price_minor, stock, reserved, version, created_at, updated_at FROM products
       WHERE deleted_at IS NULL AND name ILIKE $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [pattern, limit + 1],
    );
    const page = rows.slice(0, limit).map((row) => ({
      id: row.id,
      name: row.name,
      ...(row.description !== null ? { description: row.description } : {}),
      price: Number(row.price_minor) / 100,
      stock: row.stock,
      available: row.stock - row.reserved,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
    const last = rows[limit - 1];
    return { products: page, nextCursor: rows.length > limit && last ? `${last.created_at.getTime()}-${last.id}` : null };
  });
  app.get('/health/ready', async () => ({ status: 'ok' }));
  const close = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  await app.listen({ host: '127.0.0.1', port: Number(requiredEnv('BENCH_PORT')) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
