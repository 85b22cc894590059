import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { ORDER_STATUSES, type OrderStatus, PAYMENT_STATUSES, type PaymentStatus } from '@app/domain';

@Schema({ _id: false, versionKey: false })
export class OrderItemDocument {
  /** The catalog product of a server-priced line. */
  @Prop()
  productId?: string;

  @Prop({ required: true })
  name: string;

  @Prop({ required: true })
  quantity: number;

  /** Unit price in minor units, when the client sent one. */
  @Prop()
  priceMinor?: number;
}

@Schema({ _id: false, versionKey: false })
export class StatusChangeDocument {
  @Prop({ type: String, required: true, enum: ORDER_STATUSES })
  status: OrderStatus;

  @Prop({ required: true })
  at: Date;

  @Prop()
  reason?: string;
}

@Schema({ _id: false, versionKey: false })
export class OrderOutboxDocument {
  /** False until OrderPlaced is on Kafka: the outbox lives in the order, so one insert is atomic. */
  @Prop({ required: true })
  published: boolean;

  @Prop()
  publishedAt?: Date;

  /** A relay instance owns the order until then; epoch when unclaimed. */
  @Prop({ required: true })
  leaseUntil: Date;

  @Prop()
  leaseOwner?: string;

  @Prop({ required: true })
  attempts: number;

  /**
   * The placing request's trace context (W3C traceparent) when tracing is on: the relay
   * publishes under it, so an order published late stays in its request's trace.
   */
  @Prop()
  traceparent?: string;
}

@Schema({ _id: false, versionKey: false })
export class OrderIdempotencyDocument {
  @Prop({ required: true })
  key: string;

  /** SHA-256 of the request body, to tell a replay from a different request under the same key. */
  @Prop({ required: true })
  requestHash: string;
}

/** Where the order's payment stands; written by the order processor from billing's events. */
@Schema({ _id: false, versionKey: false })
export class OrderPaymentDocument {
  @Prop({ type: String, required: true, enum: PAYMENT_STATUSES })
  status: PaymentStatus;

  @Prop({ required: true })
  amountMinor: number;

  @Prop({ required: true })
  currency: string;

  @Prop({ required: true })
  refundedMinor: number;
}

/** An order as stored: the domain's Order (see order.mapper.ts) plus the outbox's bookkeeping. */
@Schema({ collection: 'orders', versionKey: false })
export class OrderDocument {
  _id: Types.ObjectId;

  @Prop({ required: true })
  userid: string;

  @Prop({ required: true })
  costMinor: number;

  @Prop({ type: [OrderItemDocument], required: true })
  orderitems: OrderItemDocument[];

  /** Server-priced orders only (costMinor is then their total). */
  @Prop()
  subtotalMinor?: number;

  @Prop()
  feeMinor?: number;

  @Prop({ type: String, required: true, enum: ORDER_STATUSES })
  status: OrderStatus;

  @Prop({ type: [StatusChangeDocument], required: true })
  statusHistory: StatusChangeDocument[];

  @Prop({ type: OrderOutboxDocument, required: true })
  outbox: OrderOutboxDocument;

  /**
   * True while `outbox.published` is false, at the top level: FerretDB v1 pushes down only
   * top-level equality filters, so the relay finds pending orders through this field (and an
   * index) instead of reading the whole collection.
   */
  @Prop({ required: true })
  outboxPending: boolean;

  @Prop({ type: OrderIdempotencyDocument })
  idempotency?: OrderIdempotencyDocument;

  @Prop()
  correlationId?: string;

  @Prop({ required: true })
  createdAt: Date;

  @Prop({ required: true })
  updatedAt: Date;

  @Prop()
  processedAt?: Date;

  @Prop()
  paymentMethod?: string;

  /** null: not paid by the platform (PAYMENTS_ENABLED=false); absent in orders stored before payments. */
  @Prop({ type: OrderPaymentDocument, default: undefined })
  payment?: OrderPaymentDocument | null;

  /** The order's number in its user's list (apps/orders' user-order-list.ts); set once, at insert. */
  @Prop()
  listPosition?: number;

  /** `<userid>/<page>`: the stored page of the user's list that holds the order (an equality index serves it). */
  @Prop()
  listPage?: string;
}

export const OrderSchema = SchemaFactory.createForClass(OrderDocument);
// A page of a user's list (GET /orderdetails without orderid): one equality, as FerretDB pushes down.
OrderSchema.index({ listPage: 1 });
// The relay's look-up of orders whose event may not be out, oldest first.
OrderSchema.index({ outboxPending: 1, createdAt: 1 });
