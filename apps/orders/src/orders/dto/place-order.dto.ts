import { Static, Type } from '@sinclair/typebox';
import { moneySchema as money, nameSchema } from '@app/common';

export const OrderItemSchema = Type.Object(
  {
    name: nameSchema(200, 'Espresso beans 1kg'),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000, example: 2 }),
    price: Type.Optional(money('Unit price', 12.65)),
  },
  { additionalProperties: false },
);

/**
 * POST /order's body: the one schema Fastify validates with and the OpenAPI document publishes.
 * Unknown fields are refused (never stored), numbers are not coerced from strings.
 */
export const PlaceOrderSchema = Type.Object(
  {
    userid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "Defaults to the token's subject; another user's id → 403" }),
    ),
    cost: money('Total; returned exactly as sent', 25.3),
    orderitems: Type.Array(OrderItemSchema, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false, title: 'PlaceOrder' },
);

/** The Idempotency-Key header: a token, as correlation ids are. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';

export type PlaceOrderDto = Static<typeof PlaceOrderSchema>;
export type OrderItemDto = Static<typeof OrderItemSchema>;
