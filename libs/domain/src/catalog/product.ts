import { Money } from '../money';

/** A product as the shop sells it. `reserved` is stock promised to orders not yet fulfilled. */
export interface Product {
  /** A UUID. */
  id: string;
  name: string;
  description?: string;
  price: Money;
  stock: number;
  reserved: number;
  /** Raised by every change: the ETag, and the order of a product's events. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What an administrator sets; the rest is the catalog's own bookkeeping. */
export interface ProductFields {
  name: string;
  description?: string;
  price: Money;
  stock: number;
}

export const MAX_STOCK = 1_000_000;

/** What buyers can still order. */
export function availableOf(product: Pick<Product, 'stock' | 'reserved'>): number {
  return product.stock - product.reserved;
}
