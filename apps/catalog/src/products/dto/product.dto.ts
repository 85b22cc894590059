import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Static, Type } from '@sinclair/typebox';
import { CONTROL_CHARACTER_BUT_LINE_BREAKS, moneySchema, nameSchema } from '@app/common';
import { MAX_STOCK } from '@app/domain';

export const PRODUCT_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const productFields = {
  name: nameSchema(200, 'Espresso beans 1kg'),
  description: Type.Optional(
    Type.String({ maxLength: 2000, not: { pattern: CONTROL_CHARACTER_BUT_LINE_BREAKS }, description: 'Line breaks allowed; no other control characters', example: 'Single origin, medium roast' }),
  ),
  price: moneySchema('Unit price: > 0 with at most two decimals', 12.65),
  stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK, description: 'Units on hand', example: 40 }),
};

/** POST and PUT bodies: every field an administrator sets (PUT replaces them all; no description clears it). */
export const ProductBodySchema = Type.Object(productFields, { additionalProperties: false, title: 'ProductBody' });

/** PATCH body: any non-empty subset of the same fields. */
export const ProductPatchSchema = Type.Partial(Type.Object(productFields), { additionalProperties: false, minProperties: 1, title: 'ProductPatch' });

export const ProductIdParamsSchema = Type.Object(
  { id: Type.String({ pattern: PRODUCT_ID_PATTERN, description: 'Product id (a lowercase UUID)', example: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10' }) },
  { additionalProperties: false },
);

export type ProductBodyDto = Static<typeof ProductBodySchema>;
export type ProductPatchDto = Static<typeof ProductPatchSchema>;

export class ProductResponseDto {
  @ApiProperty({ example: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10' })
  id: string;

  @ApiProperty({ example: 'Espresso beans 1kg' })
  name: string;

  @ApiPropertyOptional({ example: 'Single origin, medium roast' })
  description?: string;

  @ApiProperty({ example: 12.65 })
  price: number;

  @ApiProperty({ example: 40, description: 'Units on hand' })
  stock: number;

  @ApiProperty({ example: 38, description: 'stock minus what is reserved for orders' })
  available: number;

  @ApiProperty({ example: 3, description: 'Raised by every change; the ETag is this number in quotes' })
  version: number;

  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' })
  updatedAt: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductResponseDto] })
  products: ProductResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
