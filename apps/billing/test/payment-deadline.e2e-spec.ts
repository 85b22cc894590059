import request from 'supertest';
import { eventually } from '@test/e2e/health-suite';
import { PaymentsFixture, setFaults } from './payments-app.fixture';

/**
 * PAYMENT_DEADLINE (short here): an order the provider never charges is REJECTED
 * PAYMENT_UNAVAILABLE, and whatever the provider did under its key meanwhile is undone by the
 * compensation log (a VOID_CHARGE), never left charged.
 */
describe('payments: the deadline and the undo of what the provider may have done (e2e)', () => {
  const app = new PaymentsFixture();

  beforeAll(() => app.start({ PAYMENT_DEADLINE_MS: '1500', PAYMENT_PROVIDER_TIMEOUT_MS: '1000', COMPENSATION_INTERVAL_MS: '300' }));
  afterAll(() => app.stop());
  afterEach(() => setFaults({ mode: 'none' }));

  it('rejects PAYMENT_UNAVAILABLE an order the provider never answered for, and finds nothing to undo', async () => {
    await setFaults({ mode: 'unavailable', rate: 1 });
    const placed = await app.place({ cost: 6, orderitems: [{ name: 'late tea', quantity: 1 }] });
    const order = await app.until(placed.orderid, undefined, 20_000);
    expect(order).toMatchObject({ status: 'REJECTED', payment: { status: 'DECLINED' } });
    expect(order.statusHistory.at(-1)?.reason).toMatch(/^PAYMENT_UNAVAILABLE/);
    await setFaults({ mode: 'none' });
    const log = async () =>
      (await request(app.billing.getHttpServer()).get('/api/billing/compensations').set('Authorization', `Bearer ${app.admin.token}`).expect(200)).body.compensations as {
        orderid: string;
        kind: string;
        status: string;
        outcome: string | null;
      }[];
    const voided = await eventually(async () => (await log()).find((entry) => entry.orderid === placed.orderid), (entry) => entry?.status === 'DONE', 20_000);
    expect(voided).toMatchObject({ kind: 'VOID_CHARGE', outcome: 'nothing to undo: no charge was made' });
    expect(await app.intentsOf(placed.orderid)).toHaveLength(0);
  });

  it('refunds a charge the provider made while every answer was lost, once the order was given up', async () => {
    await setFaults({ mode: 'error-after-commit', rate: 1 });
    const placed = await app.place({ cost: 8, orderitems: [{ name: 'lost answer', quantity: 1 }] });
    const rejected = await app.until(placed.orderid, undefined, 20_000);
    expect(rejected.statusHistory.at(-1)?.reason).toMatch(/^PAYMENT_UNAVAILABLE/);
    await setFaults({ mode: 'none' });
    // The undo waits until a lost request can no longer land, then refunds what was charged.
    const order = await app.until(placed.orderid, (current) => current.payment?.status === 'REFUNDED', 30_000);
    expect(order).toMatchObject({ status: 'REJECTED', payment: { refunded: 8 } });
    const entries = (await app.ledger()).filter((entry) => entry.orderid === placed.orderid);
    expect(entries.map((entry) => [entry.kind, entry.amount]).sort()).toEqual([
      ['CHARGE', 8],
      ['REFUND', -8],
    ]);
  });
});
