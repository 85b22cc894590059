import { Static, Type } from '@sinclair/typebox';
import { CONTROL_CHARACTER } from '@app/common';

export const DEFAULT_PAGE_SIZE = 20;
/**
 * `<createdAt ms>-<product id>` of the last product of the previous page. At most 14 digits:
 * every such time is before the year 9999, which PostgreSQL and JavaScript both write alike.
 */
export const PRODUCT_CURSOR_PATTERN = '^([0-9]{1,14})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$';

export const ProductsQuerySchema = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, not: { pattern: CONTROL_CHARACTER }, description: 'Case-insensitive substring of the name', example: 'espresso' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size' })),
    cursor: Type.Optional(
      Type.String({ pattern: PRODUCT_CURSOR_PATTERN, description: 'nextCursor of the previous page', example: '1764612000000-0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10' }),
    ),
  },
  { additionalProperties: false },
);

export type ProductsQuery = Static<typeof ProductsQuerySchema>;
