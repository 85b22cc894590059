import {
  DeadLetterReason,
  PAYMENT_CAPTURED_EVENT,
  PAYMENT_DECLINED_EVENT,
  PAYMENT_EVENTS_SCHEMA_VERSION,
  PAYMENT_REFUNDED_EVENT,
  PaymentFailure,
  RefundCause,
} from '@app/contracts';
import type { PlacedOrderRef } from './order-placed.parser';

export type PaymentOutcome =
  | (PlacedOrderRef & { kind: 'captured'; amountMinor: number; currency: string })
  | (PlacedOrderRef & { kind: 'declined'; reason: PaymentFailure; declineCode?: string; message: string })
  | (PlacedOrderRef & { kind: 'refunded'; cause: RefundCause; totalRefundedMinor: number; currency?: string; productId?: string });

export type ParsedPaymentOutcome = { ok: true; outcome: PaymentOutcome } | { ok: false; reason: DeadLetterReason; detail: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;
const CAUSES = new Set(['CANCELLED', 'PRODUCT_WITHDRAWN', 'CANCEL_RACED', 'PAYMENT_DEADLINE']);
const invalid = (detail: string): ParsedPaymentOutcome => ({ ok: false, reason: 'INVALID_EVENT', detail });
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** A PaymentCaptured, PaymentDeclined or PaymentRefunded v1 off `billing.payments`; anything it cannot vouch for is poison. */
export function parsePaymentOutcome(value: unknown): ParsedPaymentOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'NOT_JSON', detail: 'value is not a JSON object' };
  const event = value as Record<string, unknown>;
  if (event.schemaVersion !== PAYMENT_EVENTS_SCHEMA_VERSION) {
    return { ok: false, reason: 'UNKNOWN_SCHEMA_VERSION', detail: `schemaVersion ${JSON.stringify(event.schemaVersion)} is not supported` };
  }
  const order = event.order as Record<string, unknown> | undefined;
  if (!order || typeof order.orderid !== 'string' || !OBJECT_ID.test(order.orderid)) return invalid('order.orderid must be a 24-character hex id');
  if (typeof order.userid !== 'string' || order.userid.length === 0) return invalid('order.userid is missing');
  const ref = { orderid: order.orderid, userid: order.userid };
  const payment = event.payment as Record<string, unknown> | undefined;
  if (!payment || typeof payment !== 'object') return invalid('payment is missing');
  switch (event.type) {
    case PAYMENT_CAPTURED_EVENT:
      if (!isCount(payment.amountMinor) || typeof payment.currency !== 'string') return invalid('payment.amountMinor and payment.currency are required');
      return { ok: true, outcome: { kind: 'captured', ...ref, amountMinor: payment.amountMinor, currency: payment.currency } };
    case PAYMENT_DECLINED_EVENT:
      if (payment.reason !== 'PAYMENT_DECLINED' && payment.reason !== 'PAYMENT_UNAVAILABLE') return invalid('payment.reason must be PAYMENT_DECLINED or PAYMENT_UNAVAILABLE');
      return {
        ok: true,
        outcome: {
          kind: 'declined',
          ...ref,
          reason: payment.reason,
          ...(typeof payment.declineCode === 'string' && { declineCode: payment.declineCode }),
          message: typeof payment.message === 'string' ? payment.message : '',
        },
      };
    case PAYMENT_REFUNDED_EVENT:
      if (!CAUSES.has(payment.cause as string) || !isCount(payment.totalRefundedMinor)) return invalid('payment.cause and payment.totalRefundedMinor are required');
      return {
        ok: true,
        outcome: {
          kind: 'refunded',
          ...ref,
          cause: payment.cause as RefundCause,
          totalRefundedMinor: payment.totalRefundedMinor,
          ...(typeof payment.currency === 'string' && { currency: payment.currency }),
          ...(typeof payment.productId === 'string' && { productId: payment.productId }),
        },
      };
    default:
      return invalid(`type must be ${PAYMENT_CAPTURED_EVENT}, ${PAYMENT_DECLINED_EVENT} or ${PAYMENT_REFUNDED_EVENT}`);
  }
}

/** The rejection as the order's history says it: PAYMENT_DECLINED: insufficient_funds (Your card has …). */
export function describePaymentFailure(outcome: Extract<PaymentOutcome, { kind: 'declined' }>): string {
  const code = outcome.declineCode ? `: ${outcome.declineCode}` : '';
  return `${outcome.reason}${code}${outcome.message ? ` (${outcome.message})` : ''}`;
}
