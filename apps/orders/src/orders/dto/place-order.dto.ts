import { Static, Type } from '@sinclair/typebox';
import { moneySchema as money, nameSchema } from '@app/common';

/** A catalog product id, as the catalog gives them out. */
export const PRODUCT_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const OrderItemSchema = Type.Object(
  {
    name: nameSchema(200, 'Espresso beans 1kg'),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000, example: 2 }),
    price: Type.Optional(money('Unit price', 12.65)),
  },
  { additionalProperties: false },
);

/** A line of a catalog product: the server takes its name and price from the catalog. */
export const CatalogOrderItemSchema = Type.Object(
  {
    productId: Type.String({ pattern: PRODUCT_ID_PATTERN, description: 'A catalog product id (a lowercase UUID)', example: '0b6f1c52-4f0a-4d8e-9d53-2f1f6f3c9a10' }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000, example: 2 }),
  },
  { additionalProperties: false },
);

/** A payment method id as Stripe gives them out: its test cards locally (pm_card_visa, pm_card_chargeDeclined, …). */
export const PAYMENT_METHOD_PATTERN = '^pm_[A-Za-z0-9_]{1,100}$';
const paymentMethod = Type.Optional(
  Type.String({ pattern: PAYMENT_METHOD_PATTERN, description: 'The payment method billing charges; default PAYMENT_DEFAULT_METHOD', example: 'pm_card_visa' }),
);

const userid = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Defaults to the token's subject; another user's id → 403" }));

/** The original API: the client names the items and the cost; no stock is reserved. */
export const ClientPricedOrderSchema = Type.Object(
  {
    userid,
    cost: money('Total; returned exactly as sent', 25.3),
    orderitems: Type.Array(OrderItemSchema, { minItems: 1, maxItems: 100 }),
    paymentMethod,
  },
  { additionalProperties: false, title: 'ClientPricedOrder' },
);

/** Catalog products: the server prices the order (subtotal, fee, total) and the catalog reserves the stock. */
export const CatalogOrderSchema = Type.Object(
  {
    userid,
    cost: Type.Optional(money('The total the client expects; another total → 409 ORDER.PRICE_CHANGED with the current quote', 30.36)),
    orderitems: Type.Array(CatalogOrderItemSchema, { minItems: 1, maxItems: 100 }),
    paymentMethod,
  },
  { additionalProperties: false, title: 'CatalogOrder' },
);

/** POST /api/orders/quote's body: what these catalog products cost now, nothing placed. */
export const QuoteRequestSchema = Type.Object(
  { orderitems: Type.Array(CatalogOrderItemSchema, { minItems: 1, maxItems: 100 }), paymentMethod },
  { additionalProperties: false, title: 'QuoteRequest' },
);
export type QuoteRequestDto = Static<typeof QuoteRequestSchema>;

/**
 * POST /order's body: the one schema Fastify validates with and the OpenAPI document publishes.
 * Either every item names a catalog product or none does. Unknown fields are refused (never
 * stored), numbers are not coerced from strings.
 */
export const PlaceOrderSchema = Type.Union([ClientPricedOrderSchema, CatalogOrderSchema], { title: 'PlaceOrder' });

/** The Idempotency-Key header: a token, as correlation ids are. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';

export type PlaceOrderDto = Static<typeof PlaceOrderSchema>;
export type OrderItemDto = Static<typeof OrderItemSchema>;
export type CatalogOrderItemDto = Static<typeof CatalogOrderItemSchema>;
export type ClientPricedOrderDto = Static<typeof ClientPricedOrderSchema>;
export type CatalogOrderDto = Static<typeof CatalogOrderSchema>;
