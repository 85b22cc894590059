/**
 * npm run test:web — the web page in a real browser (Debian's Chromium under playwright-core)
 * against the whole system behind the gateway: the five apps as processes (orders paid on the stand-in), nginx from the repo's
 * template serving dist/web. Screenshots of each step go to .infra/screenshots/. Prints
 * "web: N passed, M failed" and exits non-zero when a step failed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { strict as assert } from 'node:assert';
import mongoose from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { TestGateway } from '@test/e2e/gateway';
import { createDatabase, dropDatabase } from '@test/e2e/postgres';
import { AppName, billingDatabaseUrl, buildFromSources, catalogDatabaseUrl, infra, paymentsEnv, ROOT, Stack } from '@test/system/stack';
import { launchChromium, SCREENSHOTS, Steps } from './browser-steps';
import { addToCart, eventually, nav, newestOrderBecomes, signIn, TIMEOUT } from './page-actions';

const ADMIN = { username: 'web-admin', password: 'web admin password' };
const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const PORTS: Record<AppName, number> = { orders: 4400, auth: 4401, 'order-processor': 4402, catalog: 4403, billing: 4404 };
const mongoUri = `mongodb://127.0.0.1:27017/rop_web_test_${id}`;
const catalogUrl = catalogDatabaseUrl('web', id);
const billingUrl = billingDatabaseUrl('web', id);
const stack = new Stack({
  ports: PORTS,
  mongoUri,
  catalogDatabaseUrl: catalogUrl,
  topicPrefix: `web-${id}.`,
  logStem: 'web',
  env: () => ({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...paymentsEnv('web'), BILLING_DATABASE_URL: billingUrl }),
});
const gateway = new TestGateway({
  GATEWAY_AUTH_UPSTREAMS: `127.0.0.1:${PORTS.auth}`,
  GATEWAY_ORDERS_UPSTREAMS: `127.0.0.1:${PORTS.orders}`,
  GATEWAY_CATALOG_UPSTREAMS: `127.0.0.1:${PORTS.catalog}`,
  GATEWAY_BILLING_UPSTREAMS: `127.0.0.1:${PORTS.billing}`,
  GATEWAY_WEB_ROOT: `${ROOT}/dist/web`,
});

const KETTLE = `Web kettle ${id}`;
const TIN = `Rare tin ${id}`;

/** The API as the test's own clients use it (setup, and what the page should have caused). */
async function api<T>(path: string, init: { method?: string; token?: string; basic?: typeof ADMIN; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.basic) headers.authorization = `Basic ${Buffer.from(`${init.basic.username}:${init.basic.password}`).toString('base64')}`;
  if (init.body) headers['content-type'] = 'application/json';
  const answer = await fetch(`${gateway.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body ? JSON.stringify(init.body) : undefined });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${answer.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

type Product = { id: string; name: string; price: number; stock: number; available: number; version: number };
const productNamed = async (name: string) => (await api<{ products: Product[] }>(`/api/products?name=${encodeURIComponent(name)}`)).products.find((product) => product.name === name);

async function main(): Promise<void> {
  execFileSync('bash', [`${ROOT}/certs/generate.sh`], { stdio: 'ignore' });
  await infra('up');
  execFileSync('bash', [`${ROOT}/infra/infra.sh`, 'up', 'browser'], { stdio: 'inherit' });
  buildFromSources();
  await createDatabase(new URL(catalogUrl));
  await createDatabase(new URL(billingUrl));
  let browser: Browser | undefined;
  let page: Page | undefined;
  const steps = new Steps(() => page!);
  const started = Date.now();
  try {
    for (const app of ['auth', 'catalog', 'orders', 'order-processor', 'billing'] as AppName[]) await stack.start(app);
    await gateway.start();
    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await desktop.newPage();
    const buyer = { username: `buyer${id}`, password: 'buyer password 1' };
    let adminToken = '';
    let kettleOrder = '';

    await steps.run('the page loads through the gateway; the shop lists the catalog', async () => {
      await page!.goto(`${gateway.url}/`);
      await page!.getByRole('heading', { name: 'Shop', exact: true }).waitFor();
      assert.equal(await page!.title(), 'Retail shop');
    });

    await steps.run('the administrator signs in and adds two products with their stock', async () => {
      await signIn(page!, ADMIN.username, ADMIN.password);
      await nav(page!, 'Admin').click();
      for (const [name, price, stock] of [[KETTLE, '20', '3'], [TIN, '5', '1']]) {
        await page!.getByLabel('Name', { exact: true }).fill(name);
        await page!.getByLabel('Price', { exact: true }).fill(price);
        await page!.getByLabel('Stock', { exact: true }).fill(stock);
        await page!.getByRole('button', { name: 'Add product' }).click();
        await page!.getByRole('listitem', { name: `Product ${name}` }).waitFor({ timeout: TIMEOUT });
      }
      adminToken = (await api<{ access_token: string }>('/api/token', { basic: ADMIN })).access_token;
      assert.equal((await productNamed(KETTLE))?.stock, 3);
    }, '01-admin');

    await steps.run('a buyer registers and signs in (the token stays in memory, not in localStorage)', async () => {
      await nav(page!, /^Sign out/).click();
      await nav(page!, 'Sign in').click();
      await page!.getByRole('button', { name: 'New here? Create an account' }).click();
      await page!.getByLabel('Username').fill(buyer.username);
      await page!.getByLabel('Password').fill(buyer.password);
      await page!.getByRole('button', { name: 'Create account' }).click();
      await nav(page!, new RegExp(`^Sign out ${buyer.username}$`)).waitFor({ timeout: TIMEOUT });
      assert.equal(await page!.evaluate<number>('window.localStorage.length + window.sessionStorage.length'), 0);
    });

    await steps.run('the buyer searches, fills the cart and sees price, fee and total', async () => {
      // The orders side prices from its copy of the catalog: wait until the new products reached it.
      const probe = await api<{ access_token: string }>('/api/token', { basic: buyer });
      const kettle = (await productNamed(KETTLE))!;
      await eventually('the kettle reaching the orders side’s copy', () => api('/api/orders/quote', { method: 'POST', token: probe.access_token, body: { orderitems: [{ productId: kettle.id, quantity: 1 }] } }), () => true);
      await addToCart(page!, KETTLE, 1);
      await nav(page!, 'Cart (1)').click();
      assert.equal(await page!.evaluate<string | undefined>('document.activeElement?.tagName'), 'H2', 'the new view’s heading has the focus');
      await page!.getByRole('button', { name: 'Review price' }).click();
      await page!.getByTestId('total').waitFor();
      assert.equal(await page!.getByTestId('subtotal').textContent(), '€20.00');
      assert.equal(await page!.getByTestId('fee').textContent(), '€4.00');
      assert.equal(await page!.getByTestId('total').textContent(), '€24.00');
    }, '02-cart');

    await steps.run('a price changed since the review is shown, not swallowed: the buyer confirms the new total', async () => {
      const kettle = (await productNamed(KETTLE))!;
      await api(`/api/products/${kettle.id}`, { method: 'PATCH', token: adminToken, headers: { 'if-match': `"${kettle.version}"` }, body: { price: 25 } });
      const probe = await api<{ access_token: string }>('/api/token', { basic: buyer });
      await eventually('the new price reaching the copy', () => api<{ total: number }>('/api/orders/quote', { method: 'POST', token: probe.access_token, body: { orderitems: [{ productId: kettle.id, quantity: 1 }] } }), (quote) => quote.total === 30);
      await page!.getByRole('button', { name: 'Place order for €24.00' }).click();
      await page!.getByRole('alert').filter({ hasText: 'Prices changed' }).waitFor({ timeout: TIMEOUT });
      assert.equal(await page!.getByTestId('total').textContent(), '€30.00');
      // The cart line shows the new price too.
      await page!.getByRole('list', { name: 'Cart lines' }).getByText('€25.00').waitFor();
    }, '03-price-changed');

    await steps.run('the order is paid with the chosen test card and turns PROCESSED live, without a reload', async () => {
      await page!.getByLabel('Pay with').selectOption('pm_card_visa');
      await page!.getByRole('button', { name: 'Place order for €30.00' }).click();
      await page!.getByRole('heading', { name: 'My orders', exact: true }).waitFor();
      await page!.getByTestId('live-state').filter({ hasText: 'Statuses update live' }).waitFor({ timeout: TIMEOUT });
      kettleOrder = await newestOrderBecomes(page!, 'PROCESSED');
      await page!.locator(`li[data-orderid="${kettleOrder}"]`).getByTestId('payment').filter({ hasText: 'Paid €30.00' }).waitFor({ timeout: TIMEOUT });
      assert.equal((await productNamed(KETTLE))?.available, 2);
    }, '04-processed');

    await steps.run('an order of more than the stock turns REJECTED with the reason shown', async () => {
      await addToCart(page!, TIN, 2);
      await nav(page!, 'Cart (2)').click();
      await page!.getByRole('button', { name: 'Review price' }).click();
      await page!.getByRole('button', { name: /^Place order for/ }).click();
      await page!.getByRole('heading', { name: 'My orders', exact: true }).waitFor();
      await newestOrderBecomes(page!, 'REJECTED');
      const reason = await page!.getByRole('list', { name: 'Orders' }).getByRole('listitem').first().locator('.reason').textContent();
      // In words, with the product's name rather than its id.
      assert.equal(reason, ` — ${TIN}: only 1 left, 2 wanted`);
    }, '05-rejected');

    await steps.run('a declined card turns the order REJECTED live, with the reason in words; nothing is charged', async () => {
      await addToCart(page!, KETTLE, 1);
      await nav(page!, 'Cart (1)').click();
      await page!.getByRole('button', { name: 'Review price' }).click();
      await page!.getByLabel('Pay with').selectOption('pm_card_chargeDeclinedInsufficientFunds');
      await page!.getByRole('button', { name: /^Place order for/ }).click();
      await page!.getByRole('heading', { name: 'My orders', exact: true }).waitFor();
      await newestOrderBecomes(page!, 'REJECTED');
      const newest = page!.getByRole('list', { name: 'Orders' }).getByRole('listitem').first();
      assert.equal(await newest.locator('.reason').textContent(), ' — Payment declined: the card has insufficient funds');
      await newest.getByTestId('payment').filter({ hasText: 'Payment declined' }).waitFor({ timeout: TIMEOUT });
      await eventually('the kettle given back', () => productNamed(KETTLE), (product) => product?.available === 2);
    }, '05b-declined');

    // The page reads the list once when the stream connects and never after a cancel: CANCELLED can only come live.
    await steps.run('cancelling the processed order turns it CANCELLED live and gives the stock back', async () => {
      const order = page!.locator(`li[data-orderid="${kettleOrder}"]`);
      await order.getByRole('button', { name: /^Cancel order/ }).click();
      await order.getByTestId('status').filter({ hasText: 'CANCELLED' }).waitFor({ timeout: TIMEOUT });
      // The money comes back live too (OrderRefunded on the stream).
      await order.getByTestId('payment').filter({ hasText: 'Refunded €30.00' }).waitFor({ timeout: TIMEOUT });
      await eventually('the stock given back', () => productNamed(KETTLE), (product) => product?.available === 3);
    }, '06-cancelled');

    await steps.run('the buyer’s payments list the charge and its refund', async () => {
      await nav(page!, 'My payments').click();
      const entries = page!.getByTestId('ledger-entry');
      await entries.filter({ hasText: 'Refunded for order' }).first().waitFor({ timeout: TIMEOUT });
      const texts = await entries.allTextContents();
      assert.ok(texts.some((entry) => /Paid for order .*€30\.00/.test(entry)), texts.join(' | '));
      assert.ok(texts.some((entry) => /Refunded for order .*€30\.00/.test(entry)), texts.join(' | '));
      await nav(page!, 'My orders').click();
    }, '06b-payments');

    await steps.run('a checkout retried after its answer was lost places one order: one Idempotency-Key per checkout', async () => {
      const token = (await api<{ access_token: string }>('/api/token', { basic: buyer })).access_token;
      const me = await api<{ id: string }>('/api/users/me', { token });
      const ordersOfBuyer = async () => (await api<{ orders: { orderid: string }[] }>(`/orderdetails?userid=${me.id}&limit=100`, { token })).orders.length;
      const before = await ordersOfBuyer();
      const keys: string[] = [];
      // The first POST reaches the orders app and is placed; the page is told 503, as when the answer is lost on the way.
      await page!.route('**/order', async (route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.continue();
        keys.push(request.headers()['idempotency-key'] ?? '');
        if (keys.length > 1) return route.continue();
        await route.fetch();
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, code: 'ORDER.STORE_UNAVAILABLE', message: 'Orders are unavailable', correlationId: 'lost-answer' }) });
      });
      try {
        await addToCart(page!, KETTLE, 1);
        await nav(page!, 'Cart (1)').click();
        await page!.getByRole('button', { name: 'Review price' }).click();
        await page!.getByRole('button', { name: /^Place order for/ }).click();
        await page!.getByRole('alert').filter({ hasText: 'nothing was lost, please retry' }).waitFor({ timeout: TIMEOUT });
        await page!.getByRole('button', { name: /^Place order for/ }).click();
        await page!.getByRole('heading', { name: 'My orders', exact: true }).waitFor({ timeout: TIMEOUT });
      } finally {
        await page!.unroute('**/order');
      }
      assert.equal(keys.length, 2, 'the checkout was sent twice');
      assert.match(keys[0], /^[0-9a-f]{32}$/, 'the page sends an Idempotency-Key');
      assert.equal(keys[1], keys[0], 'the retry reuses the checkout’s key');
      assert.equal(await ordersOfBuyer(), before + 1, 'one order for the checkout');
    }, '07-retried-checkout');

    await steps.run('the administrator deletes a product; the shop no longer lists it', async () => {
      await nav(page!, /^Sign out/).click();
      await signIn(page!, ADMIN.username, ADMIN.password);
      await nav(page!, 'Admin').click();
      // Billing's compensation log: every refund went through.
      await page!.getByTestId('no-compensations').waitFor({ timeout: TIMEOUT });
      await page!.getByRole('button', { name: `Delete ${TIN}` }).click();
      await page!.getByRole('listitem', { name: `Product ${TIN}` }).waitFor({ state: 'detached', timeout: TIMEOUT });
      await nav(page!, 'Shop').click();
      await page!.getByLabel('Search products').fill(TIN);
      await page!.getByText('0 products').waitFor({ timeout: TIMEOUT });
    }, '08-deleted');

    await steps.run('the shop works at phone width: nothing wider than the screen', async () => {
      const phone = await browser!.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
      const small = await phone.newPage();
      const previous = page;
      page = small;
      try {
        await small.goto(`${gateway.url}/`);
        await small.getByLabel('Search products').fill(KETTLE);
        await small.getByRole('listitem', { name: KETTLE }).waitFor({ timeout: TIMEOUT });
        const width = await small.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(width <= 375, `the page is ${width} px wide`);
        await small.screenshot({ path: `${SCREENSHOTS}/09-phone.png`, fullPage: true });
      } finally {
        page = previous;
        await phone.close();
      }
    });
  } catch (error) {
    steps.results.push({ name: 'setting up the system and the browser', ok: false, ms: Date.now() - started, error: String(error) });
  } finally {
    await browser?.close().catch(() => undefined);
    await gateway.stop().catch(() => undefined);
    await stack.stopAll();
    const db = await mongoose.createConnection(mongoUri).asPromise();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await dropDatabase(new URL(catalogUrl)).catch(() => undefined);
    await dropDatabase(new URL(billingUrl)).catch(() => undefined);
  }
  const failed = steps.results.filter((result) => !result.ok);
  for (const result of failed) console.log(`FAILED web: ${result.name}: ${result.error ?? ''}`);
  console.log(`[web] screenshots in ${SCREENSHOTS}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`web: ${steps.results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error('[web] failed:', error);
  console.log('web: 0 passed, 1 failed');
  process.exit(1);
});
