import { Static, Type } from '@sinclair/typebox';

export const ORDER_ID_PATTERN = '^[0-9a-f]{24}$';
export const DEFAULT_PAGE_SIZE = 20;
/** `<position>-<order id>` of the last order of the previous page (opaque to clients). */
export const CURSOR_PATTERN = '^([0-9]{1,15})-([0-9a-f]{24})$';

/**
 * GET /orderdetails' query. orderid names one order; without it the answer is a page of the
 * caller's orders (userid, when given, must be the caller). limit and cursor page that list.
 */
export const OrderDetailsQuerySchema = Type.Object(
  {
    orderid: Type.Optional(
      Type.String({ pattern: ORDER_ID_PATTERN, description: 'One order; without it, a page of the caller’s orders', example: '6650a1c2e4b0f5a1b2c3d4e6' }),
    ),
    userid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "The caller's own id (another user's → 403); defaults to the caller", example: '6650a1c2e4b0f5a1b2c3d4e5' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size of a list' })),
    cursor: Type.Optional(Type.String({ pattern: CURSOR_PATTERN, description: 'nextCursor of the previous page', example: '41-6650a1c2e4b0f5a1b2c3d4e6' })),
  },
  { additionalProperties: false },
);

export type OrderDetailsQuery = Static<typeof OrderDetailsQuerySchema>;

/** POST /order/{orderid}/cancel's path. */
export const OrderIdParamsSchema = Type.Object(
  { orderid: Type.String({ pattern: ORDER_ID_PATTERN, description: 'The order (24 hexadecimal digits)', example: '6650a1c2e4b0f5a1b2c3d4e6' }) },
  { additionalProperties: false },
);
