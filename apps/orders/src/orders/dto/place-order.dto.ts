import { Static, Type } from '@sinclair/typebox';

/** Amounts travel as JSON numbers with at most two decimals and are stored as integer cents. */
const MAX_AMOUNT = 1_000_000_000;

/**
 * Stored text may hold no C0/C1 control character: PostgreSQL's JSONB (under FerretDB) refuses
 * "\u0000" outright, and the others are never meant in a name (lone surrogates are refused for
 * every string by the JSON parser). Both rules are unanchored searches, which Ajv (JavaScript)
 * and schemathesis (Python) read alike; `\s` and `$` they do not.
 */
const CONTROL_CHARACTER = '[\\u0000-\\u001F\\u007F-\\u009F]';
/** At least one character that is neither a space, a no-break space nor a control character. */
const NON_BLANK = '[^ \\u00A0\\u0000-\\u001F\\u007F-\\u009F]';

/** > 0 with at most two decimals is ≥ 0.01: OpenAPI 3.0 and JSON Schema draft-07 say it alike. */
const money = (description: string, example: number) =>
  Type.Number({ minimum: 0.01, maximum: MAX_AMOUNT, multipleOf: 0.01, description, example });

export const OrderItemSchema = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: NON_BLANK,
      not: { pattern: CONTROL_CHARACTER },
      description: 'Not blank; no control characters',
      example: 'Espresso beans 1kg',
    }),
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
