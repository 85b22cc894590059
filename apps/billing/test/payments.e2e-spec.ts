import request from 'supertest';
import { Client } from 'pg';
import { eventually } from '@test/e2e/health-suite';
import { RawProducer } from '@test/e2e/raw-producer';
import { topicOf } from '@test/e2e/test-env';
import { ReconciliationService } from '@apps/billing/reconciliation/reconciliation.service';
import { PaymentsFixture, setFaults } from './payments-app.fixture';

/**
 * The saga with payment on the real servers and the stand-in provider: PLACED → stock reserved →
 * charged → PROCESSED; declines, cancels, withdrawn products; redeliveries and lost answers.
 */
describe('payments: every order paid before it is PROCESSED (e2e)', () => {
  const app = new PaymentsFixture();
  let billingDb: Client;
  let raw: RawProducer;

  beforeAll(async () => {
    await app.start();
    billingDb = new Client({ connectionString: process.env.BILLING_DATABASE_URL });
    await billingDb.connect();
    raw = new RawProducer();
    await raw.start();
  });

  afterAll(async () => {
    await raw?.stop();
    await billingDb?.end();
    await app.stop();
  });

  afterEach(() => setFaults({ mode: 'none' }));

  it('charges an order of catalog products once its stock is reserved, then PROCESSED with one ledger row', async () => {
    const id = await app.product('Paid grinder', 10, 12.5);
    const placed = await app.place({ orderitems: [{ productId: id, quantity: 2 }] });
    expect(placed.payment).toEqual({ status: 'PENDING', amount: 30, currency: 'eur', refunded: 0 });
    const order = await app.until(placed.orderid);
    expect(order).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED', amount: 30, currency: 'eur', refunded: 0 } });
    const intents = await app.intentsOf(placed.orderid);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: 'succeeded', amount_received: 3000, currency: 'eur' });
    const entries = (await app.ledger()).filter((entry) => entry.orderid === placed.orderid);
    expect(entries).toEqual([expect.objectContaining({ kind: 'CHARGE', amount: 30, numberOfItems: 2, providerId: intents[0].id })]);
  });

  it('charges a client-priced order its cost, then PROCESSED', async () => {
    const placed = await app.place({ cost: 25.3, orderitems: [{ name: 'beans', quantity: 2, price: 12.65 }] });
    expect(await app.until(placed.orderid)).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED', amount: 25.3 } });
    expect((await app.intentsOf(placed.orderid))[0]).toMatchObject({ amount_received: 2530 });
  });

  it('rejects a declined card PAYMENT_DECLINED with the decline code, and gives the stock back', async () => {
    const id = await app.product('Declined kettle', 5);
    const placed = await app.place({ orderitems: [{ productId: id, quantity: 3 }], paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    const order = await app.until(placed.orderid);
    expect(order).toMatchObject({ status: 'REJECTED', payment: { status: 'DECLINED' } });
    expect(order.statusHistory.at(-1)?.reason).toMatch(/^PAYMENT_DECLINED: insufficient_funds/);
    await eventually(() => app.available(id), (left) => left === 5, 15_000);
    expect((await app.ledger()).filter((entry) => entry.orderid === placed.orderid)).toEqual([]);
  });

  it('refunds a cancelled paid order: CANCELLED, its money back, a refund row', async () => {
    const placed = await app.place({ cost: 40, orderitems: [{ name: 'press', quantity: 1 }] });
    await app.until(placed.orderid);
    await request(app.orders.getHttpServer()).post(`/order/${placed.orderid}/cancel`).set('Authorization', `Bearer ${app.buyer.token}`).expect(202);
    const order = await app.until(placed.orderid, (current) => current.payment?.status === 'REFUNDED');
    expect(order).toMatchObject({ status: 'CANCELLED', payment: { status: 'REFUNDED', amount: 40, refunded: 40 } });
    const entries = (await app.ledger()).filter((entry) => entry.orderid === placed.orderid);
    expect(entries.map((entry) => [entry.kind, entry.amount]).sort()).toEqual([
      ['CHARGE', 40],
      ['REFUND', -40],
    ]);
    const refunds = await app.stripe.refunds.list({ payment_intent: (await app.intentsOf(placed.orderid))[0].id });
    expect(refunds.data).toHaveLength(1);
  });

  it('refunds the paid orders of a product withdrawn within the window (REFUNDED), not those paid before it', async () => {
    const withdrawn = await app.product('Withdrawn scale', 10, 5);
    const other = await app.product('Other scale', 10, 5);
    const inside = await app.place({ orderitems: [{ productId: withdrawn, quantity: 1 }, { productId: other, quantity: 2 }] });
    const outside = await app.place({ orderitems: [{ productId: withdrawn, quantity: 1 }] });
    await app.until(inside.orderid);
    await app.until(outside.orderid);
    // The second order was paid long ago, as far as the window is concerned.
    await billingDb.query(`UPDATE payments SET captured_at = now() - interval '2 days' WHERE order_id = $1`, [outside.orderid]);
    await request(app.catalog.getHttpServer()).delete(`/api/products/${withdrawn}`).set('Authorization', `Bearer ${app.admin.token}`).expect(204);
    const refunded = await app.until(inside.orderid, (order) => order.status === 'REFUNDED');
    expect(refunded).toMatchObject({ payment: { status: 'REFUNDED', amount: 18, refunded: 18 } });
    expect(refunded.statusHistory.at(-1)).toMatchObject({ status: 'REFUNDED', reason: `PRODUCT_WITHDRAWN: ${withdrawn}` });
    // Its other line's stock goes back.
    await eventually(() => app.available(other), (left) => left === 10, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await app.order(outside.orderid)).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED', refunded: 0 } });
  });

  it('refunds an order whose product is withdrawn while its charge is in flight (REFUNDED, not PROCESSED for good)', async () => {
    const id = await app.product('Recalled mug', 10, 4);
    await setFaults({ mode: 'slow', rate: 1, ms: 800 });
    const placed = await app.place({ orderitems: [{ productId: id, quantity: 1 }] });
    // Reserved, and the charge on its way: then the product goes.
    await eventually(
      async () => (await billingDb.query('SELECT lease_until FROM payments WHERE order_id = $1', [placed.orderid])).rows[0]?.lease_until,
      (lease) => lease !== undefined && lease !== null,
      15_000,
    );
    await request(app.catalog.getHttpServer()).delete(`/api/products/${id}`).set('Authorization', `Bearer ${app.admin.token}`).expect(204);
    const order = await app.until(placed.orderid, (current) => current.status === 'REFUNDED', 30_000);
    // All of it: 4 and the fee.
    expect(order).toMatchObject({ payment: { status: 'REFUNDED', amount: 4.8, refunded: 4.8 } });
    expect(order.statusHistory.map((change) => change.status)).toEqual(['PLACED', 'PROCESSED', 'REFUNDED']);
  });

  it('changes nothing when events are delivered again', async () => {
    const placed = await app.place({ cost: 7, orderitems: [{ name: 'filter', quantity: 1 }] });
    await app.until(placed.orderid);
    const { rows } = await billingDb.query(`SELECT payload FROM billing_outbox WHERE message_key = $1 AND event_type = 'PaymentCaptured'`, [placed.orderid]);
    expect(rows).toHaveLength(1);
    const placedEvent = { schemaVersion: 1, type: 'OrderPlaced', eventId: placed.orderid, occurredAt: new Date().toISOString(), order: { orderid: placed.orderid, userid: app.buyer.id, cost: 7, costMinor: 700, orderitems: [{ name: 'filter', quantity: 1 }], status: 'PLACED', createdAt: new Date().toISOString() } };
    await raw.send(topicOf('orders.placed'), placed.orderid, placedEvent);
    await raw.send(topicOf('billing.payments'), placed.orderid, rows[0].payload);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await app.intentsOf(placed.orderid)).toHaveLength(1);
    expect((await app.ledger()).filter((entry) => entry.orderid === placed.orderid)).toHaveLength(1);
    expect(await app.order(placed.orderid)).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED' } });
  });

  it('never charges twice when the provider charges and the answer is lost', async () => {
    await setFaults({ mode: 'error-after-commit', rate: 1 });
    const placed = await app.place({ cost: 11, orderitems: [{ name: 'dripper', quantity: 1 }] });
    // Billing's attempts meet the fault (the provider charges, the answer is lost) and are tried again under the same key.
    const attempts = async () => (await billingDb.query('SELECT attempts FROM payments WHERE order_id = $1', [placed.orderid])).rows[0]?.attempts ?? 0;
    await eventually(attempts, (count) => count >= 2, 15_000);
    await setFaults({ mode: 'none' });
    expect(await app.until(placed.orderid)).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED' } });
    expect(await app.intentsOf(placed.orderid)).toHaveLength(1);
    expect((await app.ledger()).filter((entry) => entry.orderid === placed.orderid)).toHaveLength(1);
  });

  it('accepts orders while the provider is down, and charges them once it is back', async () => {
    await setFaults({ mode: 'unavailable', rate: 1 });
    const placed = await app.place({ cost: 13, orderitems: [{ name: 'mill', quantity: 1 }] });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await app.order(placed.orderid)).toMatchObject({ status: 'PLACED', payment: { status: 'PENDING' } });
    await setFaults({ mode: 'none' });
    expect(await app.until(placed.orderid)).toMatchObject({ status: 'PROCESSED', payment: { status: 'CAPTURED' } });
    expect(await app.intentsOf(placed.orderid)).toHaveLength(1);
  });

  it("reconciles: the provider's records, the ledger and every order's final state agree", async () => {
    const orders = new Map<string, { status: string; costMinor: number }>();
    for (const orderid of app.placedIds) {
      const order = await app.order(orderid);
      orders.set(orderid, { status: order.status, costMinor: Math.round((order.payment?.amount ?? 0) * 100) });
    }
    const result = await app.billing.get(ReconciliationService).run(orders);
    expect(result.mismatches).toEqual([]);
    expect(result.charges).toBeGreaterThanOrEqual(8);
    expect(result.refunds).toBeGreaterThanOrEqual(2);
  });

  it('is ready with PostgreSQL and Kafka, says when the provider is unreachable without leaving service, and counts its compensations', async () => {
    const server = app.billing.getHttpServer();
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, kafka: { status: 'up' }, provider: { status: 'up', reachable: 'yes' } });
    await setFaults({ mode: 'unavailable', rate: 1 });
    const away = await request(server).get('/health/ready').expect(200);
    expect(away.body.details.provider.reachable).toMatch(/^no: /);
    await setFaults({ mode: 'none' });
    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^billing_compensations_pending 0$/m);
    expect(metrics.text).toContain('billing_charge_outcomes_total{outcome="captured"}');
  });

  it('lets a buyer read only their own ledger, and administrators the compensation log', async () => {
    const server = app.billing.getHttpServer();
    const someoneElse = await request(server).get('/api/billing/ledger').query({ userid: 'someone-else' }).set('Authorization', `Bearer ${app.buyer.token}`);
    expect(someoneElse.status).toBe(403);
    expect(someoneElse.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await request(server).get('/api/billing/compensations').set('Authorization', `Bearer ${app.buyer.token}`).expect(403);
    const log = await request(server).get('/api/billing/compensations').set('Authorization', `Bearer ${app.admin.token}`).expect(200);
    expect(log.body.compensations.length).toBeGreaterThanOrEqual(2);
    expect(log.body.compensations.every((entry: { status: string }) => entry.status === 'DONE')).toBe(true);
    await request(server).get('/api/billing/ledger').query({ limit: 0 }).set('Authorization', `Bearer ${app.buyer.token}`).expect(400);
    await request(server).get('/api/billing/ledger').expect(401);
  });
});
