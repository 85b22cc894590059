import type { Product, ProductFields } from '@app/domain';

export interface ProductsPage {
  products: Product[];
  hasMore: boolean;
}

/** A position in the listing, newest first. */
export interface ProductCursor {
  createdAt: Date;
  id: string;
}

/** Whether a write may go ahead on the product's current version (If-Match). */
export type VersionCheck = (currentVersion: number) => boolean;

export type ChangeOutcome =
  | { outcome: 'changed'; product: Product }
  | { outcome: 'not-found' }
  | { outcome: 'version-mismatch'; version: number }
  | { outcome: 'stock-below-reserved'; stock: number; reserved: number };

export type DeleteOutcome = { outcome: 'deleted' } | { outcome: 'not-found' } | { outcome: 'version-mismatch'; version: number };

/**
 * The catalog's storage, as a DI token (DrizzleProductsRepository in the app, fakes in unit
 * tests). Every write stores its event in the same transaction.
 */
export abstract class ProductsRepository {
  abstract create(id: string, fields: ProductFields, at: Date): Promise<Product>;

  /** A product buyers can see; null when it does not exist or was deleted. */
  abstract findById(id: string): Promise<Product | null>;

  /** Newest first; `nameContains` is a case-insensitive substring of the name. */
  abstract search(nameContains: string | undefined, limit: number, after?: ProductCursor): Promise<ProductsPage>;

  /** Applies the changes to the product's fields (a full replace names them all). */
  abstract change(id: string, changes: Partial<ProductFields>, versionCheck: VersionCheck, at: Date): Promise<ChangeOutcome>;

  abstract delete(id: string, versionCheck: VersionCheck, at: Date): Promise<DeleteOutcome>;

  /** Deletes every product buyers can see; answers how many. */
  abstract deleteAll(at: Date): Promise<number>;
}
