import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StripePaymentProvider } from '@apps/billing/provider/stripe-payment-provider';

// The contract: every request billing sends is one Stripe's published API accepts. stripe-mock
// (Stripe's own server, built by infra.sh) validates each request against Stripe's OpenAPI
// description and answers invalid_request_error otherwise; it keeps no state, so it checks
// shapes, and the stand-in (apps/billing/test/payments.e2e-spec.ts) checks behaviour.
const STRIPE_MOCK = resolve(__dirname, '..', '..', '..', '.infra', 'bin', 'stripe-mock');
const PORT = 12_611;

describe("billing's requests against Stripe's published API (stripe-mock)", () => {
  let mock: ChildProcess;
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    if (!existsSync(STRIPE_MOCK)) throw new Error(`${STRIPE_MOCK} is missing: run 'bash infra/infra.sh install'`);
    mock = spawn(STRIPE_MOCK, ['-http-port', String(PORT), '-https-port', String(PORT + 1)], { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/v1/payment_intents`, { headers: { authorization: 'Bearer sk_test_123' } });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error('stripe-mock did not start');
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    provider = new StripePaymentProvider({
      provider: { secretKey: 'sk_test_contractcheck', url: `http://127.0.0.1:${PORT}`, timeoutMs: 5000 },
    } as never);
  });

  afterAll(() => {
    mock?.kill();
  });

  it('a charge: create and confirm a PaymentIntent with an idempotency key', async () => {
    const outcome = await provider.charge({ orderId: '6650f0c2a1b2c3d4e5f60718', userId: 'u1', amountMinor: 2530, currency: 'usd', paymentMethod: 'pm_card_visa' });
    // stripe-mock answers a fixture (not a settled charge); what matters is that it took the request.
    expect(outcome.kind === 'refused' ? outcome : 'accepted').toBe('accepted');
  });

  it('finding what the provider did for an order: a search by metadata', async () => {
    await expect(provider.chargesOf('6650f0c2a1b2c3d4e5f60718')).resolves.toEqual(expect.any(Array));
  });

  it('a refund of part of a PaymentIntent with metadata and a reason', async () => {
    const outcome = await provider.refund('pi_123', 1000, 'refund:contract', { order_id: '6650f0c2a1b2c3d4e5f60718', compensation_id: 'c1' });
    expect(outcome.kind).toBe('refunded');
  });

  it('a cancel of an open PaymentIntent', async () => {
    await expect(provider.cancel('pi_123', 'void:contract')).resolves.toBe('canceled');
  });

  it('the readiness ping', async () => {
    await expect(provider.ping()).resolves.toBeUndefined();
  });

  it('stripe-mock does refuse a request Stripe would (the check can fail)', async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_123', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=abc&currency=usd&payment_method_typo=x',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
