import { availableOf, Product } from '@app/domain';
import { ProductResponseDto } from './dto/product.dto';

export function toProductResponse(product: Product): ProductResponseDto {
  return {
    id: product.id,
    name: product.name,
    ...(product.description !== undefined ? { description: product.description } : {}),
    price: product.price.major,
    stock: product.stock,
    available: availableOf(product),
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** A strong entity tag of the product's version. */
export function etagOf(product: Pick<Product, 'version'>): string {
  return `"${product.version}"`;
}
