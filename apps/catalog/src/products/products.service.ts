import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { BreakerOpenError } from '@app/common';
import { breakerConfig } from '@app/config';
import {
  CatalogStoreUnavailableError,
  Money,
  Product,
  ProductFields,
  ProductNotFoundError,
  ProductVersionMismatchError,
  StockBelowReservedError,
} from '@app/domain';
import { isPostgresOutage } from '../database/postgres-outage';
import { CatalogOutboxRelay } from '../outbox/catalog-outbox-relay';
import { ProductBodyDto, ProductPageDto, ProductPatchDto } from './dto/product.dto';
import { versionCheckFor } from './if-match';
import { decodeProductCursor, encodeProductCursor } from './product-cursor';
import { toProductResponse } from './product-response.mapper';
import { ChangeOutcome, ProductsRepository } from './products.repository';

function fieldsOf(body: ProductPatchDto): Partial<ProductFields> {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.price !== undefined ? { price: Money.ofMajor(body.price) } : {}),
    ...(body.stock !== undefined ? { stock: body.stock } : {}),
  };
}

/** The catalog's rules over its store; domain errors only, the edge gives them a status. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly outbox: CatalogOutboxRelay,
    @Inject(breakerConfig.KEY) private readonly breakers: ConfigType<typeof breakerConfig>,
  ) {}

  async create(body: ProductBodyDto): Promise<Product> {
    const fields: ProductFields = { name: body.name, description: body.description, price: Money.ofMajor(body.price), stock: body.stock };
    const product = await this.store(() => this.products.create(randomUUID(), fields, new Date()));
    this.outbox.wake();
    return product;
  }

  async findOne(id: string): Promise<Product> {
    const product = await this.store(() => this.products.findById(id));
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }

  async search(name: string | undefined, limit: number, cursor?: string): Promise<ProductPageDto> {
    const after = cursor ? decodeProductCursor(cursor) : undefined;
    const page = await this.store(() => this.products.search(name, limit, after));
    const last = page.products.at(-1);
    return {
      products: page.products.map(toProductResponse),
      nextCursor: page.hasMore && last ? encodeProductCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /** PUT: every field replaced; a description left out is cleared. */
  replace(id: string, body: ProductBodyDto, ifMatch: string | undefined): Promise<Product> {
    const fields: ProductFields = { name: body.name, description: body.description, price: Money.ofMajor(body.price), stock: body.stock };
    return this.change(id, fields, ifMatch);
  }

  /** PATCH: the fields sent, the rest as they are. */
  patch(id: string, body: ProductPatchDto, ifMatch: string | undefined): Promise<Product> {
    return this.change(id, fieldsOf(body), ifMatch);
  }

  async delete(id: string, ifMatch: string | undefined): Promise<void> {
    const versionCheck = versionCheckFor(ifMatch);
    const result = await this.store(() => this.products.delete(id, versionCheck, new Date()));
    if (result.outcome === 'not-found') throw new ProductNotFoundError(id);
    if (result.outcome === 'version-mismatch') throw new ProductVersionMismatchError(result.version);
    this.outbox.wake();
  }

  async deleteAll(): Promise<number> {
    const deleted = await this.store(() => this.products.deleteAll(new Date()));
    this.outbox.wake();
    return deleted;
  }

  private async change(id: string, fields: Partial<ProductFields>, ifMatch: string | undefined): Promise<Product> {
    const versionCheck = versionCheckFor(ifMatch);
    const result: ChangeOutcome = await this.store(() => this.products.change(id, fields, versionCheck, new Date()));
    switch (result.outcome) {
      case 'not-found':
        throw new ProductNotFoundError(id);
      case 'version-mismatch':
        throw new ProductVersionMismatchError(result.version);
      case 'stock-below-reserved':
        throw new StockBelowReservedError(result.stock, result.reserved);
      case 'changed':
        this.outbox.wake();
        return result.product;
    }
  }

  private async store<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof BreakerOpenError || isPostgresOutage(error)) {
        throw new CatalogStoreUnavailableError(Math.max(1, Math.ceil(this.breakers.postgres.resetTimeoutMs / 1000)), error);
      }
      throw error;
    }
  }
}
