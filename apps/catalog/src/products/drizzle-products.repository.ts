import { Injectable } from '@nestjs/common';
import { and, desc, eq, ilike, isNull, lt, or, sql, SQL } from 'drizzle-orm';
import { Money, Product, ProductFields } from '@app/domain';
import { CatalogDatabase, CatalogDb } from '../database/catalog-database';
import { CatalogStoreBreaker } from '../database/catalog-store-breaker';
import { catalogOutbox, ProductRow, products } from '../database/schema';
import { toOutboxRow, toProductDeleted, toProductUpserted } from '../outbox/catalog.event-mapper';
import { ChangeOutcome, DeleteOutcome, ProductCursor, ProductsPage, ProductsRepository, VersionCheck } from './products.repository';

/** Rows of outbox events inserted per statement by deleteAll. */
const OUTBOX_INSERT_CHUNK = 1000;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    price: Money.ofMinor(row.priceMinor),
    stock: row.stock,
    reserved: row.reserved,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** LIKE's own characters taken literally: a search for "50%" finds "50%", not "50" and more. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function columnsOf(changes: Partial<ProductFields>): Partial<typeof products.$inferInsert> {
  return {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...('description' in changes ? { description: changes.description ?? null } : {}),
    ...(changes.price !== undefined ? { priceMinor: changes.price.minor } : {}),
    ...(changes.stock !== undefined ? { stock: changes.stock } : {}),
  };
}

/** One search: buyers' products, maybe by name, maybe after a cursor, newest first. */
function searchQuery(db: CatalogDb, byName: boolean, afterCursor: boolean) {
  const afterAt = sql.placeholder('afterAt');
  const conditions: (SQL | undefined)[] = [isNull(products.deletedAt)];
  if (byName) conditions.push(ilike(products.name, sql.placeholder('pattern')));
  if (afterCursor) {
    conditions.push(or(lt(products.createdAt, afterAt), and(eq(products.createdAt, afterAt), lt(products.id, sql.placeholder('afterId')))));
  }
  return db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(sql.placeholder('rows'));
}

/**
 * The four shapes of a search as named prepared statements: Drizzle builds each query once
 * instead of on every request (it was 15 % of the catalog's CPU under the search bench), and
 * PostgreSQL parses it once per connection (each is still planned for its values: see
 * CatalogDatabase's plan_cache_mode).
 */
function prepareSearches(db: CatalogDb) {
  return {
    all: searchQuery(db, false, false).prepare('products_search'),
    name: searchQuery(db, true, false).prepare('products_search_name'),
    after: searchQuery(db, false, true).prepare('products_search_after'),
    nameAfter: searchQuery(db, true, true).prepare('products_search_name_after'),
  };
}
type ProductSearches = ReturnType<typeof prepareSearches>;

/**
 * The catalog's statements, through the store breaker. A change locks its row (SELECT … FOR
 * UPDATE) for the length of its transaction: concurrent writers of one product queue, none is
 * lost, and their events enter the outbox in the order of their versions.
 */
@Injectable()
export class DrizzleProductsRepository extends ProductsRepository {
  constructor(
    private readonly database: CatalogDatabase,
    private readonly breaker: CatalogStoreBreaker,
  ) {
    super();
    this.searches = prepareSearches(database.db);
  }

  private readonly searches: ProductSearches;

  create(id: string, fields: ProductFields, at: Date): Promise<Product> {
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(products)
          .values({ id, name: fields.name, description: fields.description ?? null, priceMinor: fields.price.minor, stock: fields.stock, createdAt: at, updatedAt: at })
          .returning();
        const product = toProduct(row);
        await tx.insert(catalogOutbox).values(toOutboxRow(toProductUpserted(product)));
        return product;
      }),
    );
  }

  async findById(id: string): Promise<Product | null> {
    const [row] = await this.breaker.run(() =>
      this.database.db.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).limit(1),
    );
    return row ? toProduct(row) : null;
  }

  async search(nameContains: string | undefined, limit: number, after?: ProductCursor): Promise<ProductsPage> {
    const query = this.searches[nameContains ? (after ? 'nameAfter' : 'name') : after ? 'after' : 'all'];
    const rows = await this.breaker.run(() =>
      query.execute({
        pattern: nameContains ? `%${escapeLike(nameContains)}%` : undefined,
        afterAt: after?.createdAt,
        afterId: after?.id,
        rows: limit + 1,
      }),
    );
    return { products: rows.slice(0, limit).map(toProduct), hasMore: rows.length > limit };
  }

  change(id: string, changes: Partial<ProductFields>, versionCheck: VersionCheck, at: Date): Promise<ChangeOutcome> {
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx): Promise<ChangeOutcome> => {
        const [current] = await tx.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).for('update');
        if (!current) return { outcome: 'not-found' };
        if (!versionCheck(current.version)) return { outcome: 'version-mismatch', version: current.version };
        const stock = changes.stock ?? current.stock;
        if (stock < current.reserved) return { outcome: 'stock-below-reserved', stock, reserved: current.reserved };
        const [row] = await tx
          .update(products)
          .set({ ...columnsOf(changes), version: current.version + 1, updatedAt: at })
          .where(eq(products.id, id))
          .returning();
        const product = toProduct(row);
        await tx.insert(catalogOutbox).values(toOutboxRow(toProductUpserted(product)));
        return { outcome: 'changed', product };
      }),
    );
  }

  delete(id: string, versionCheck: VersionCheck, at: Date): Promise<DeleteOutcome> {
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx): Promise<DeleteOutcome> => {
        const [current] = await tx.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).for('update');
        if (!current) return { outcome: 'not-found' };
        if (!versionCheck(current.version)) return { outcome: 'version-mismatch', version: current.version };
        const version = current.version + 1;
        await tx.update(products).set({ deletedAt: at, updatedAt: at, version }).where(eq(products.id, id));
        await tx.insert(catalogOutbox).values(toOutboxRow(toProductDeleted({ id, version, updatedAt: at })));
        return { outcome: 'deleted' };
      }),
    );
  }

  deleteAll(at: Date): Promise<number> {
    return this.breaker.run(() =>
      this.database.db.transaction(async (tx) => {
        const deleted = await tx
          .update(products)
          .set({ deletedAt: at, updatedAt: at, version: sql`${products.version} + 1` })
          .where(isNull(products.deletedAt))
          .returning({ id: products.id, version: products.version });
        for (let start = 0; start < deleted.length; start += OUTBOX_INSERT_CHUNK) {
          const chunk = deleted.slice(start, start + OUTBOX_INSERT_CHUNK);
          await tx.insert(catalogOutbox).values(chunk.map(({ id, version }) => toOutboxRow(toProductDeleted({ id, version, updatedAt: at }))));
        }
        return deleted.length;
      }),
    );
  }
}
