import { BreakerOpenError } from '@app/common';
import {
  CatalogStoreUnavailableError,
  Product,
  ProductFields,
  ProductNotFoundError,
  ProductVersionMismatchError,
  StockBelowReservedError,
} from '@app/domain';
import type { CatalogOutboxRelay } from '../outbox/catalog-outbox-relay';
import { ChangeOutcome, DeleteOutcome, ProductsPage, ProductsRepository, VersionCheck } from './products.repository';
import { ProductsService } from './products.service';

/** The repository's contract over a map; every change raises the version. */
class InMemoryProductsRepository extends ProductsRepository {
  readonly rows = new Map<string, Product & { deleted?: boolean }>();
  failWith?: unknown;

  async create(id: string, fields: ProductFields, at: Date): Promise<Product> {
    if (this.failWith) throw this.failWith;
    const product: Product = { id, ...fields, reserved: 0, version: 1, createdAt: at, updatedAt: at };
    this.rows.set(id, product);
    return product;
  }

  async findById(id: string): Promise<Product | null> {
    if (this.failWith) throw this.failWith;
    const row = this.rows.get(id);
    return row && !row.deleted ? row : null;
  }

  async search(): Promise<ProductsPage> {
    return { products: [...this.rows.values()].filter((row) => !row.deleted), hasMore: false };
  }

  async change(id: string, changes: Partial<ProductFields>, versionCheck: VersionCheck, at: Date): Promise<ChangeOutcome> {
    const current = await this.findById(id);
    if (!current) return { outcome: 'not-found' };
    if (!versionCheck(current.version)) return { outcome: 'version-mismatch', version: current.version };
    const stock = changes.stock ?? current.stock;
    if (stock < current.reserved) return { outcome: 'stock-below-reserved', stock, reserved: current.reserved };
    const product = { ...current, ...changes, version: current.version + 1, updatedAt: at };
    this.rows.set(id, product);
    return { outcome: 'changed', product };
  }

  async delete(id: string, versionCheck: VersionCheck): Promise<DeleteOutcome> {
    const current = await this.findById(id);
    if (!current) return { outcome: 'not-found' };
    if (!versionCheck(current.version)) return { outcome: 'version-mismatch', version: current.version };
    this.rows.set(id, { ...current, deleted: true });
    return { outcome: 'deleted' };
  }

  async deleteAll(): Promise<number> {
    const visible = [...this.rows.values()].filter((row) => !row.deleted);
    for (const row of visible) row.deleted = true;
    return visible.length;
  }
}

function setup() {
  const repository = new InMemoryProductsRepository();
  const relay = { wake: jest.fn() };
  const service = new ProductsService(repository, relay as unknown as CatalogOutboxRelay, { postgres: { resetTimeoutMs: 3000 } } as never);
  return { repository, relay, service };
}

const body = { name: 'Kettle', description: 'Steel', price: 30.5, stock: 4 };

describe('ProductsService', () => {
  it('creates a product in minor units and wakes the relay for its event', async () => {
    const { service, relay } = setup();
    const product = await service.create(body);
    expect(product).toMatchObject({ name: 'Kettle', description: 'Steel', stock: 4, version: 1 });
    expect(product.price.minor).toBe(3050);
    expect(relay.wake).toHaveBeenCalledTimes(1);
  });

  it('replaces every field with PUT, clearing a description left out, and changes only what PATCH names', async () => {
    const { service } = setup();
    const { id } = await service.create(body);
    const replaced = await service.replace(id, { name: 'Kettle 2', price: 31, stock: 5 }, undefined);
    expect(replaced).toMatchObject({ name: 'Kettle 2', description: undefined, stock: 5, version: 2 });
    const patched = await service.patch(id, { stock: 9 }, '"2"');
    expect(patched).toMatchObject({ name: 'Kettle 2', stock: 9, version: 3 });
  });

  it('turns the repository’s outcomes into domain errors', async () => {
    const { service, repository } = setup();
    const { id } = await service.create(body);
    await expect(service.patch(id, { stock: 1 }, '"9"')).rejects.toBeInstanceOf(ProductVersionMismatchError);
    repository.rows.set(id, { ...repository.rows.get(id)!, reserved: 3 });
    await expect(service.patch(id, { stock: 2 }, undefined)).rejects.toBeInstanceOf(StockBelowReservedError);
    await expect(service.findOne('missing')).rejects.toBeInstanceOf(ProductNotFoundError);
    await service.delete(id, undefined);
    await expect(service.findOne(id)).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(service.delete(id, undefined)).rejects.toBeInstanceOf(ProductNotFoundError);
  });

  it('answers a store outage with CATALOG.STORE_UNAVAILABLE and a retry time, other errors as they are', async () => {
    const { service, repository, relay } = setup();
    repository.failWith = new BreakerOpenError('postgres');
    await expect(service.create(body)).rejects.toMatchObject({ code: 'CATALOG.STORE_UNAVAILABLE', retryAfterSeconds: 3 });
    await expect(service.findOne('x')).rejects.toBeInstanceOf(CatalogStoreUnavailableError);
    expect(relay.wake).not.toHaveBeenCalled();
    repository.failWith = new RangeError('bug');
    await expect(service.findOne('x')).rejects.toBeInstanceOf(RangeError);
  });

  it('gives out a cursor only when there is a next page', async () => {
    const { service } = setup();
    await service.create(body);
    await expect(service.search(undefined, 20)).resolves.toMatchObject({ nextCursor: null });
  });
});
