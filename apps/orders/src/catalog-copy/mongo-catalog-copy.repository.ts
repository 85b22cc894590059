import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CatalogPrice, Money } from '@app/domain';
import { StoreBreaker } from '@app/persistence';
import { CatalogCopyRepository } from './catalog-copy.repository';
import { CatalogProductDocument } from './catalog-product.schema';
import type { ProductChange } from './product-change';

/** Look-ups at a time: each is a find by _id, which FerretDB pushes down ($in it would not). */
const LOOKUPS_AT_ONCE = 10;

async function inGroups<T, R>(items: T[], size: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(each))));
  return results;
}

/**
 * The copy in MongoDB, shared by every orders instance. One writer per product: the consumer
 * of the partition its key maps to, so reading the stored version and then writing is safe.
 */
@Injectable()
export class MongoCatalogCopyRepository extends CatalogCopyRepository {
  constructor(
    @InjectModel(CatalogProductDocument.name) private readonly products: Model<CatalogProductDocument>,
    private readonly breaker: StoreBreaker,
  ) {
    super();
  }

  async pricesOf(productIds: string[]): Promise<Map<string, CatalogPrice>> {
    const found = await inGroups([...new Set(productIds)], LOOKUPS_AT_ONCE, (id) =>
      this.breaker.run(() => this.products.findById(id).lean<CatalogProductDocument>().exec()),
    );
    const prices = new Map<string, CatalogPrice>();
    for (const product of found) {
      if (product && !product.deleted) prices.set(product._id, { productId: product._id, name: product.name, unitPrice: Money.ofMinor(product.priceMinor) });
    }
    return prices;
  }

  async apply(changes: ProductChange[], at: Date): Promise<{ applied: number }> {
    const outcomes = await inGroups(changes, LOOKUPS_AT_ONCE, async (change) => {
      const stored = await this.breaker.run(() => this.products.findById(change.productId, { version: 1 }).lean<{ version: number }>().exec());
      if (stored && stored.version >= change.version) return false;
      const document: CatalogProductDocument = {
        _id: change.productId,
        name: change.product?.name ?? '(deleted)',
        priceMinor: change.product?.priceMinor ?? 0,
        available: change.product?.available ?? 0,
        version: change.version,
        deleted: change.product === null,
        changedAt: change.changedAt,
        copiedAt: at,
      };
      await this.breaker.run(() => this.products.replaceOne({ _id: change.productId }, document, { upsert: true }).exec());
      return true;
    });
    return { applied: outcomes.filter(Boolean).length };
  }
}
