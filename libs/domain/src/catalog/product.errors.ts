import { DomainError } from '../domain-error';

/** Codes of the catalog area: `PRODUCT.*` for one product, `CATALOG.*` for the store. */
export const CatalogErrorCode = {
  NOT_FOUND: 'PRODUCT.NOT_FOUND',
  STOCK_BELOW_RESERVED: 'PRODUCT.STOCK_BELOW_RESERVED',
  VERSION_MISMATCH: 'PRODUCT.VERSION_MISMATCH',
  INVALID_CURSOR: 'PRODUCT.INVALID_CURSOR',
  STORE_UNAVAILABLE: 'CATALOG.STORE_UNAVAILABLE',
} as const;

/** Also for a deleted product: it is gone for buyers. */
export class ProductNotFoundError extends DomainError {
  constructor(readonly productId: string) {
    super(CatalogErrorCode.NOT_FOUND, 'not-found', `Product ${productId} not found`);
  }
}

export class StockBelowReservedError extends DomainError {
  constructor(stock: number, reserved: number) {
    super(CatalogErrorCode.STOCK_BELOW_RESERVED, 'conflict', `stock ${stock} is below the ${reserved} already reserved for orders`);
  }
}

/** If-Match named another version than the product's: someone changed it meanwhile. */
export class ProductVersionMismatchError extends DomainError {
  constructor(current: number) {
    super(CatalogErrorCode.VERSION_MISMATCH, 'precondition-failed', `The product changed meanwhile (now version ${current}); read it again`);
  }
}

export class InvalidProductCursorError extends DomainError {
  constructor() {
    super(CatalogErrorCode.INVALID_CURSOR, 'invalid', 'cursor is not one this API gave out');
  }
}

/** Nothing was written; the caller may retry after `retryAfterSeconds`. */
export class CatalogStoreUnavailableError extends DomainError {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super(CatalogErrorCode.STORE_UNAVAILABLE, 'unavailable', 'The catalog store is unavailable; nothing was written, retry later', {
      retryAfterSeconds,
      cause,
    });
  }
}
