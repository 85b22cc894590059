import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const PAYMENT_STATES = ['AWAITING', 'DUE', 'CAPTURED', 'DECLINED', 'UNAVAILABLE', 'NOT_CHARGED', 'CANCELLED', 'REFUNDING', 'REFUNDED'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * One row per order: what billing knows of it and where its payment stands. AWAITING: placed
 * but its stock not yet reserved (or its OrderPlaced not yet seen); DUE: to be charged (the
 * charge job's queue; `attempts` > 0 means an earlier attempt's outcome is unknown);
 * CAPTURED / DECLINED / UNAVAILABLE (the deadline passed); NOT_CHARGED: its stock was refused;
 * CANCELLED before any charge; REFUNDING (a compensation is pending) → REFUNDED.
 */
export const payments = pgTable(
  'payments',
  {
    orderId: text('order_id').primaryKey(),
    userId: text('user_id').notNull(),
    /** Null until the OrderPlaced is seen (a catalog answer or a cancel can come first). */
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    itemCount: integer('item_count'),
    currency: text('currency').notNull(),
    paymentMethod: text('payment_method'),
    productIds: text('product_ids').array().notNull().default(sql`'{}'::text[]`),
    needsStock: boolean('needs_stock').notNull().default(false),
    stock: text('stock', { enum: ['WAITING', 'RESERVED', 'REJECTED'] }).notNull().default('WAITING'),
    state: text('state', { enum: PAYMENT_STATES }).notNull(),
    placedAt: timestamps('placed_at'),
    /** When it became DUE: PAYMENT_DEADLINE counts from here (a slow reservation does not eat it). */
    dueSince: timestamps('due_since'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamps('next_attempt_at'),
    leaseUntil: timestamps('lease_until'),
    lastError: text('last_error'),
    /** The PaymentIntent. */
    providerId: text('provider_id'),
    declineCode: text('decline_code'),
    capturedAt: timestamps('captured_at'),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    createdAt: timestamps('created_at').notNull().defaultNow(),
    updatedAt: timestamps('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('payments_due').on(table.nextAttemptAt).where(sql`${table.state} = 'DUE'`),
    // Which paid orders hold a withdrawn product.
    index('payments_captured_products').using('gin', table.productIds).where(sql`${table.state} = 'CAPTURED'`),
  ],
);

/** One row per provider operation that moved money: a charge, or a refund (negative). Written once. */
export const ledger = pgTable(
  'ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    userId: text('user_id').notNull(),
    itemCount: integer('item_count').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    kind: text('kind', { enum: ['CHARGE', 'REFUND'] }).notNull(),
    /** The PaymentIntent of a charge, the Refund of a refund: once each. */
    providerId: text('provider_id').notNull(),
    at: timestamps('at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ledger_provider_operation').on(table.kind, table.providerId),
    index('ledger_user_newest').on(table.userId, table.id),
    index('ledger_order').on(table.orderId),
  ],
);

export const COMPENSATION_KINDS = ['REFUND', 'VOID_CHARGE'] as const;

/**
 * The durable log of undo operations: written before it is carried out, retried by the
 * compensation job until the provider answers 2xx (or 404: nothing to undo). REFUND gives a
 * captured charge back; VOID_CHARGE undoes whatever the provider may have done under an order's
 * charge key (a refund if it charged, a cancel if it holds an intent, nothing if there is none).
 */
export const compensations = pgTable(
  'compensations',
  {
    /** The transaction id: the refund's idempotency key is derived from it. */
    id: uuid('id').primaryKey(),
    orderId: text('order_id').notNull(),
    kind: text('kind', { enum: COMPENSATION_KINDS }).notNull(),
    cause: text('cause', { enum: ['CANCELLED', 'PRODUCT_WITHDRAWN', 'CANCEL_RACED', 'PAYMENT_DEADLINE'] }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    /** REFUND: the PaymentIntent to refund. */
    providerId: text('provider_id'),
    productId: text('product_id'),
    status: text('status', { enum: ['PENDING', 'DONE'] }).notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamps('next_attempt_at').notNull().defaultNow(),
    leaseUntil: timestamps('lease_until'),
    /** What the provider answered when done: the Refund's id, `canceled`, or `nothing to undo`. */
    outcome: text('outcome'),
    createdAt: timestamps('created_at').notNull().defaultNow(),
    doneAt: timestamps('done_at'),
  },
  (table) => [
    // An order's money goes back once, whatever asks for it (a cancel, a withdrawal).
    uniqueIndex('compensations_once_per_order').on(table.orderId, table.kind),
    index('compensations_due').on(table.nextAttemptAt).where(sql`${table.status} = 'PENDING'`),
  ],
);

/**
 * Products withdrawn (deleted in the catalog), as billing heard of them: an order paid after its
 * product was withdrawn is refunded as one paid before (no window can have passed).
 */
export const withdrawnProducts = pgTable('withdrawn_products', {
  productId: text('product_id').primaryKey(),
  withdrawnAt: timestamps('withdrawn_at').notNull(),
});

/** Billing's transactional outbox (libs/postgres): its events, written with what they announce. */
export const billingOutbox = pgTable(
  'billing_outbox',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    messageKey: text('message_key').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamps('created_at').notNull().defaultNow(),
    sentAt: timestamps('sent_at'),
    traceparent: text('traceparent'),
  },
  (table) => [index('billing_outbox_unsent').on(table.position).where(sql`${table.sentAt} IS NULL`)],
);

export const billingSchema = { payments, ledger, compensations, withdrawnProducts, billingOutbox };
export type PaymentRow = typeof payments.$inferSelect;
export type LedgerRow = typeof ledger.$inferSelect;
export type CompensationRow = typeof compensations.$inferSelect;
