import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const timestamps = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Products; a deleted one keeps its row (orders refer to it) with deleted_at set. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    stock: integer('stock').notNull(),
    reserved: integer('reserved').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamps('created_at').notNull(),
    updatedAt: timestamps('updated_at').notNull(),
    deletedAt: timestamps('deleted_at'),
  },
  (table) => [
    // Case-insensitive substring search (ILIKE '%…%') served by trigrams.
    index('products_name_trgm').using('gin', sql`${table.name} gin_trgm_ops`),
    // The listing, newest first, of what buyers can see.
    // Read backwards for ORDER BY created_at DESC, id DESC (a DESC NULLS LAST index would not match it).
    index('products_newest').on(table.createdAt, table.id).where(sql`${table.deletedAt} IS NULL`),
    check('products_price_positive', sql`${table.priceMinor} > 0`),
    check('products_stock_range', sql`${table.stock} BETWEEN 0 AND 1000000`),
    check('products_reserved_range', sql`${table.reserved} BETWEEN 0 AND ${table.stock}`),
  ],
);

/**
 * Stock held for an order, one row per order: the row makes a redelivered OrderPlaced a no-op.
 * RESERVED: its lines' quantities are in `products.reserved`; REJECTED: nothing was reserved;
 * RELEASED: reserved, then given back when the order was cancelled; CANCELLED: the order was
 * cancelled before the catalog saw it placed (its OrderPlaced, arriving later, reserves nothing).
 */
export const stockReservations = pgTable('stock_reservations', {
  orderId: text('order_id').primaryKey(),
  status: text('status', { enum: ['RESERVED', 'REJECTED', 'RELEASED', 'CANCELLED'] }).notNull(),
  /** [{ productId, quantity }], one entry per product. */
  lines: jsonb('lines').notNull(),
  createdAt: timestamps('created_at').notNull(),
  updatedAt: timestamps('updated_at').notNull(),
});

/**
 * The catalog's transactional outbox: each change of a product (and each answer to an order)
 * writes its event here in the same transaction; the relay publishes unsent rows in position
 * order and marks them sent.
 */
export const catalogOutbox = pgTable(
  'catalog_outbox',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    /** The topic without KAFKA_TOPIC_PREFIX: catalog.products or catalog.stock. */
    topic: text('topic').notNull().default('catalog.products'),
    /** The message key: the product's id, or the order's for catalog.stock. */
    messageKey: text('message_key').notNull(),
    productId: uuid('product_id'),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamps('created_at').notNull().defaultNow(),
    sentAt: timestamps('sent_at'),
    /** The trace context of the write (W3C traceparent) when tracing is on; the relay publishes under it. */
    traceparent: text('traceparent'),
  },
  (table) => [index('catalog_outbox_unsent').on(table.position).where(sql`${table.sentAt} IS NULL`)],
);

export const catalogSchema = { products, stockReservations, catalogOutbox };
export type StockReservationRow = typeof stockReservations.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type OutboxRow = typeof catalogOutbox.$inferSelect;
