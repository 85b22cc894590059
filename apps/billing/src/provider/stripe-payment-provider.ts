import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Stripe from 'stripe';
import { billingConfig } from '../billing.config';
import { ChargeOutcome, ChargeRequest, chargeKey, PaymentProvider, ProviderCharge, ProviderRefund, RefundOutcome } from './payment-provider';

/**
 * Stripe's API through the official SDK: api.stripe.com, or PAYMENT_PROVIDER_URL (the local
 * stand-in). The SDK's own retries are off: every retry is billing's, under the same key, so an
 * unknown outcome is a state billing knows of rather than something the SDK hides.
 */
@Injectable()
export class StripePaymentProvider extends PaymentProvider {
  private readonly stripe: Stripe;

  constructor(@Inject(billingConfig.KEY) config: ConfigType<typeof billingConfig>) {
    super();
    const url = config.provider.url ? new URL(config.provider.url) : undefined;
    this.stripe = new Stripe(config.provider.secretKey, {
      maxNetworkRetries: 0,
      timeout: config.provider.timeoutMs,
      appInfo: { name: 'retail-order-platform-billing' },
      ...(url && {
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        protocol: url.protocol === 'https:' ? 'https' : 'http',
      }),
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountMinor,
          currency: request.currency,
          confirm: true,
          payment_method: request.paymentMethod,
          // Card methods only, no redirect flows: a server-side confirmation that settles at once.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: `order ${request.orderId}`,
          metadata: { order_id: request.orderId, user_id: request.userId },
        },
        { idempotencyKey: chargeKey(request.orderId) },
      );
      if (intent.status === 'succeeded') return { kind: 'captured', providerId: intent.id, amountMinor: intent.amount_received };
      // Automatic capture of a card answers succeeded or a card error; anything else is not settled.
      return { kind: 'unknown', error: `PaymentIntent ${intent.id} is ${intent.status}` };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return { kind: 'declined', declineCode: error.decline_code ?? error.code ?? 'card_declined', message: error.message };
      }
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.type !== 'StripeIdempotencyError' && error.statusCode !== 409) {
        return { kind: 'refused', code: error.code ?? 'invalid_request', message: error.message };
      }
      return { kind: 'unknown', error: describe(error) };
    }
  }

  async chargesOf(orderId: string): Promise<ProviderCharge[]> {
    const found = await this.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'`, limit: 100 });
    return found.data.map(chargeOf);
  }

  async refund(paymentIntentId: string, amountMinor: number, key: string, metadata: Record<string, string>): Promise<RefundOutcome> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: paymentIntentId, amount: amountMinor, reason: 'requested_by_customer', metadata },
        { idempotencyKey: key },
      );
      return { kind: 'refunded', refundId: refund.id, amountMinor: refund.amount };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && ['resource_missing', 'charge_already_refunded'].includes(error.code ?? '')) {
        return { kind: 'nothing', reason: error.code ?? 'resource_missing' };
      }
      return { kind: 'failed', error: describe(error) };
    }
  }

  async cancel(paymentIntentId: string, key: string): Promise<'canceled' | 'nothing'> {
    try {
      await this.stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: 'abandoned' }, { idempotencyKey: key });
      return 'canceled';
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && ['resource_missing', 'payment_intent_unexpected_state'].includes(error.code ?? '')) {
        return 'nothing';
      }
      throw error;
    }
  }

  async listCharges(): Promise<(ProviderCharge & { orderId?: string })[]> {
    const charges: (ProviderCharge & { orderId?: string })[] = [];
    for await (const intent of this.stripe.paymentIntents.list({ limit: 100 })) charges.push({ ...chargeOf(intent), orderId: intent.metadata?.order_id });
    return charges;
  }

  async listRefunds(): Promise<ProviderRefund[]> {
    const refunds: ProviderRefund[] = [];
    for await (const refund of this.stripe.refunds.list({ limit: 100 })) {
      const paymentIntentId = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
      if (paymentIntentId && refund.status === 'succeeded') refunds.push({ refundId: refund.id, paymentIntentId, amountMinor: refund.amount });
    }
    return refunds;
  }

  async ping(): Promise<void> {
    await this.stripe.paymentIntents.list({ limit: 1 });
  }
}

function chargeOf(intent: Stripe.PaymentIntent): ProviderCharge {
  const status = intent.status === 'succeeded' ? 'captured' : intent.status === 'canceled' ? 'canceled' : intent.last_payment_error ? 'declined' : 'open';
  return {
    providerId: intent.id,
    status,
    amountMinor: intent.status === 'succeeded' ? intent.amount_received : intent.amount,
    ...(intent.last_payment_error && {
      declineCode: intent.last_payment_error.decline_code ?? intent.last_payment_error.code ?? 'card_declined',
      message: intent.last_payment_error.message ?? 'declined',
    }),
  };
}

function describe(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return `${error.type}${error.statusCode ? ` ${error.statusCode}` : ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
