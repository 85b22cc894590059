import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';

// The stand-in for Stripe's API (infra/payment-provider), through the official SDK, as billing uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createStandIn } = require('../infra/payment-provider/server.js') as {
  createStandIn(options: { dataDir: string; random?: () => number; log?: (line: string) => void }): Server;
};

const visa = { amount: 1234, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', payment_method_types: ['card'] };

describe('the payment provider stand-in', () => {
  let dataDir: string;
  let server: Server;
  let base: string;
  let stripe: Stripe;

  async function start(): Promise<void> {
    server = createStandIn({ dataDir, log: () => undefined });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    stripe = new Stripe('sk_test_standin', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, timeout: 2000 });
  }
  async function stop(): Promise<void> {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  const setFaults = (faults: object) =>
    fetch(`${base}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stand-in-'));
    await start();
  });
  afterEach(stop);

  it('charges a test card, and a retry with the same key replays the answer instead of charging again', async () => {
    const first = await stripe.paymentIntents.create({ ...visa, metadata: { order_id: 'o-1' } }, { idempotencyKey: 'charge:o-1' });
    const again = await stripe.paymentIntents.create({ ...visa, metadata: { order_id: 'o-1' } }, { idempotencyKey: 'charge:o-1' });
    expect(first).toMatchObject({ status: 'succeeded', amount_received: 1234, currency: 'usd' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const all = await stripe.paymentIntents.list({ limit: 100 });
    expect(all.data).toHaveLength(1);
  });

  it('pages through every intent newest first, each once, and a change is in the next list', async () => {
    for (let n = 0; n < 25; n++) await stripe.paymentIntents.create({ ...visa, metadata: { order_id: `p-${n}` } }, { idempotencyKey: `charge:p-${n}` });
    const paged: Stripe.PaymentIntent[] = [];
    for await (const intent of stripe.paymentIntents.list({ limit: 10 })) paged.push(intent);
    expect(new Set(paged.map((intent) => intent.id)).size).toBe(25);
    const newestFirst = [...paged].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    expect(paged.map((intent) => intent.id)).toEqual(newestFirst.map((intent) => intent.id));
    const late = await stripe.paymentIntents.create({ ...visa, metadata: { order_id: 'p-late' } }, { idempotencyKey: 'charge:p-late' });
    const all = await stripe.paymentIntents.list({ limit: 100 });
    expect(all.data).toHaveLength(26);
    expect(all.data.map((intent) => intent.id)).toContain(late.id);
    expect((await stripe.paymentIntents.list({ limit: 10, starting_after: 'pi_unknown' })).data).toEqual([]);
  });

  it('refuses a reused key with other parameters, as Stripe does', async () => {
    await stripe.paymentIntents.create(visa, { idempotencyKey: 'k' });
    await expect(stripe.paymentIntents.create({ ...visa, amount: 99 }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    });
  });

  it("declines Stripe's declining test cards with their decline codes", async () => {
    const declined = stripe.paymentIntents.create({ ...visa, payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }, { idempotencyKey: 'd' });
    await expect(declined).rejects.toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    await expect(stripe.paymentIntents.create({ ...visa, payment_method: 'pm_card_chargeDeclined' })).rejects.toMatchObject({
      decline_code: 'generic_decline',
    });
    await expect(stripe.paymentIntents.create({ ...visa, payment_method: 'pm_nope' })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing' });
  });

  it('refunds once, never more than was charged, and finds intents by metadata', async () => {
    const intent = await stripe.paymentIntents.create({ ...visa, metadata: { order_id: 'o-2' } });
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 1000, payment_intent: intent.id });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 235 })).rejects.toMatchObject({ code: 'amount_too_large' });
    await stripe.refunds.create({ payment_intent: intent.id });
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    await expect(stripe.refunds.create({ payment_intent: 'pi_unknown' })).rejects.toMatchObject({ code: 'resource_missing' });
    const found = await stripe.paymentIntents.search({ query: "metadata['order_id']:'o-2'" });
    expect(found.data.map((each) => each.id)).toEqual([intent.id]);
    await expect(stripe.paymentIntents.cancel(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('keeps its state and its idempotency keys across a restart', async () => {
    const intent = await stripe.paymentIntents.create(visa, { idempotencyKey: 'kept' });
    await stop();
    await start();
    await expect(stripe.paymentIntents.retrieve(intent.id)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(stripe.paymentIntents.create(visa, { idempotencyKey: 'kept' })).resolves.toMatchObject({ id: intent.id });
  });

  it('refuses a key that is not a test secret key', async () => {
    const live = new Stripe('rk_live_x', { host: '127.0.0.1', port: Number(new URL(base).port), protocol: 'http', maxNetworkRetries: 0 });
    await expect(live.paymentIntents.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  describe('faults', () => {
    it('drops connections while unavailable, yet always answers its control endpoint', async () => {
      expect((await setFaults({ mode: 'unavailable', rate: 1 })).status).toBe(200);
      await expect(stripe.paymentIntents.list()).rejects.toMatchObject({ type: 'StripeConnectionError' });
      const shown = (await (await fetch(`${base}/__control/faults`)).json()) as { injected: number };
      expect(shown).toMatchObject({ mode: 'unavailable', rate: 1 });
      expect(shown.injected).toBeGreaterThanOrEqual(1);
    });

    it('fails before doing anything: nothing is charged, and the retry with the key charges once', async () => {
      await setFaults({ mode: 'error-before', rate: 1, status: 503 });
      await expect(stripe.paymentIntents.create(visa, { idempotencyKey: 'eb' })).rejects.toMatchObject({ statusCode: 503 });
      await setFaults({ mode: 'none' });
      expect((await stripe.paymentIntents.list()).data).toHaveLength(0);
      await stripe.paymentIntents.create(visa, { idempotencyKey: 'eb' });
      expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
    });

    it('commits then fails: the charge is made, and the retry with the same key answers it', async () => {
      await setFaults({ mode: 'error-after-commit', rate: 1 });
      await expect(stripe.paymentIntents.create(visa, { idempotencyKey: 'eac' })).rejects.toMatchObject({
        type: expect.stringMatching(/StripeAPIError|StripeConnectionError/),
      });
      await setFaults({ mode: 'none' });
      const intents = (await stripe.paymentIntents.list()).data;
      expect(intents).toHaveLength(1);
      await expect(stripe.paymentIntents.create(visa, { idempotencyKey: 'eac' })).resolves.toMatchObject({ id: intents[0].id });
    });

    it('makes requests slow, so a client that gives up leaves an outcome it does not know', async () => {
      await setFaults({ mode: 'slow', rate: 1, ms: 2500 });
      await expect(stripe.paymentIntents.create(visa, { idempotencyKey: 'slow' })).rejects.toMatchObject({ type: 'StripeConnectionError' });
      await setFaults({ mode: 'none' });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
    });

    it('refuses bad fault settings with a reason', async () => {
      const refused = await setFaults({ mode: 'error-before', rate: 2 });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'rate must be a number from 0 to 1' });
      expect((await setFaults({ mode: 'explode' })).status).toBe(400);
    });
  });
});
