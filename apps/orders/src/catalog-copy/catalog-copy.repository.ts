import type { CatalogPrice } from '@app/domain';
import type { ProductChange } from './product-change';

/** The orders side's copy of the catalog. */
export abstract class CatalogCopyRepository {
  /** The products of these ids that are on sale (not deleted), by id. */
  abstract pricesOf(productIds: string[]): Promise<Map<string, CatalogPrice>>;

  /** Takes each change that is newer than what the copy holds; older ones change nothing. */
  abstract apply(changes: ProductChange[], at: Date): Promise<{ applied: number }>;
}
