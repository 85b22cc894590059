import request from 'supertest';
import Stripe from 'stripe';
import type { HttpApp } from '@app/common';
import { createBillingApp, startBillingConsumers } from '@apps/billing/create-app';
import { createCatalogApp, startCatalogConsumers } from '@apps/catalog/create-app';
import { createOrderProcessorApp } from '@apps/order-processor/create-app';
import { createOrdersApp, startOrdersConsumers } from '@apps/orders/create-app';
import { eventually } from '@test/e2e/health-suite';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { readyApp } from '@test/e2e/ready-app';
import { TestEnv } from '@test/e2e/test-env';
import { newAdmin, newUser } from '@test/e2e/tokens';

export const PROVIDER_URL = process.env.PAYMENT_PROVIDER_URL ?? 'http://127.0.0.1:12180';
const SECRET_KEY = 'sk_test_e2e_billing_suite';

/** The stand-in's faults (infra/payment-provider): what it does wrong on purpose. */
export async function setFaults(faults: { mode: string; rate?: number; ms?: number }): Promise<void> {
  const response = await fetch(`${PROVIDER_URL}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`the stand-in refused ${JSON.stringify(faults)}: ${await response.text()}`);
}

export interface PaidOrder {
  orderid: string;
  status: string;
  statusHistory: { status: string; reason?: string }[];
  payment: { status: string; amount: number; currency: string; refunded: number } | null;
}

/**
 * The four apps of the paid saga in this process, on the real servers and the stand-in provider:
 * orders, the catalog, billing (its own database) and the processor, with payments on.
 */
export class PaymentsFixture {
  private readonly env = new TestEnv();
  private readonly billingUrl = new URL(`postgres://postgres@127.0.0.1:55432/billing_test_${process.env.E2E_RUN_ID ?? Date.now()}_${Math.floor(Math.random() * 1e6)}`);
  readonly admin = newAdmin();
  readonly buyer = newUser();
  readonly stripe = new Stripe(SECRET_KEY, { host: new URL(PROVIDER_URL).hostname, port: Number(new URL(PROVIDER_URL).port), protocol: 'http', maxNetworkRetries: 0 });
  catalog: HttpApp;
  orders: HttpApp;
  processor: HttpApp;
  billing: HttpApp;

  async start(settings: Record<string, string> = {}): Promise<void> {
    await createDatabase(this.billingUrl);
    this.env.set({
      KAFKA_TOPIC_PREFIX: `${process.env.KAFKA_TOPIC_PREFIX ?? ''}pay-${Math.floor(Math.random() * 1e6)}-`,
      PAYMENTS_ENABLED: 'true',
      STRIPE_SECRET_KEY: SECRET_KEY,
      PAYMENT_PROVIDER_URL: PROVIDER_URL,
      PAYMENT_PROVIDER_TIMEOUT_MS: '1500',
      BILLING_DATABASE_URL: this.billingUrl.toString(),
      CHARGE_INTERVAL_MS: '100',
      CHARGE_RETRY_MAX_MS: '1000',
      COMPENSATION_INTERVAL_MS: '300',
      BILLING_RELAY_INTERVAL_MS: '100',
      CATALOG_RELAY_INTERVAL_MS: '100',
      RELAY_INTERVAL_MS: '200',
      PROCESSOR_RETRY_INITIAL_MS: '100',
      PROCESSOR_RETRY_MAX_MS: '1000',
      ...settings,
    });
    await setFaults({ mode: 'none' });
    this.catalog = await createCatalogApp();
    await startCatalogConsumers(this.catalog);
    await readyApp(this.catalog);
    this.orders = await createOrdersApp();
    await startOrdersConsumers(this.orders);
    await readyApp(this.orders);
    this.billing = await createBillingApp();
    await startBillingConsumers(this.billing);
    await readyApp(this.billing);
    this.processor = await createOrderProcessorApp();
    await this.processor.startAllMicroservices();
    await readyApp(this.processor);
  }

  async stop(): Promise<void> {
    await setFaults({ mode: 'none' }).catch(() => undefined);
    await Promise.all([this.processor?.close(), this.orders?.close(), this.billing?.close()]);
    await this.catalog?.close();
    this.env.restore();
    await dropDatabase(this.billingUrl).catch(() => undefined);
  }

  async product(name: string, stock: number, price = 10): Promise<string> {
    const { body } = await request(this.catalog.getHttpServer()).post('/api/products').set('Authorization', `Bearer ${this.admin.token}`).send({ name, price, stock }).expect(201);
    // Orderable once the orders side's copy has it.
    await eventually(
      () => request(this.orders.getHttpServer()).post('/api/orders/quote').set('Authorization', `Bearer ${this.buyer.token}`).send({ orderitems: [{ productId: body.id, quantity: 1 }] }),
      (response) => response.status === 200,
      20_000,
    );
    return body.id as string;
  }

  /** Every order this fixture placed. */
  readonly placedIds: string[] = [];

  async place(body: object, token = this.buyer.token): Promise<PaidOrder> {
    const order = (await request(this.orders.getHttpServer()).post('/order').set('Authorization', `Bearer ${token}`).send(body).expect(201)).body as PaidOrder;
    this.placedIds.push(order.orderid);
    return order;
  }

  async order(orderid: string): Promise<PaidOrder> {
    return (await request(this.orders.getHttpServer()).get('/orderdetails').query({ orderid }).set('Authorization', `Bearer ${this.buyer.token}`).expect(200)).body as PaidOrder;
  }

  /** The order once it satisfies `accept` (its status left PLACED, by default). */
  until(orderid: string, accept: (order: PaidOrder) => boolean = (order) => order.status !== 'PLACED', timeoutMs = 30_000): Promise<PaidOrder> {
    return eventually(() => this.order(orderid), accept, timeoutMs);
  }

  async available(productId: string): Promise<number> {
    return (await request(this.catalog.getHttpServer()).get(`/api/products/${productId}`).expect(200)).body.available as number;
  }

  async ledger(token = this.buyer.token): Promise<{ orderid: string; amount: number; kind: string; providerId: string; numberOfItems: number }[]> {
    return (await request(this.billing.getHttpServer()).get('/api/billing/ledger').query({ limit: 100 }).set('Authorization', `Bearer ${token}`).expect(200)).body.entries;
  }

  /** What the provider holds for the order: its PaymentIntents. */
  async intentsOf(orderid: string): Promise<Stripe.PaymentIntent[]> {
    return (await this.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderid}'` })).data;
  }
}
