// What the web suite does on the page, step by step: navigate, sign in, fill the cart, wait for a status.
import type { Page } from 'playwright-core';

/** How long a step waits for the page or the platform to get somewhere. */
export const TIMEOUT = 30_000;

export async function eventually<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

export const nav = (page: Page, name: string | RegExp) => page.getByRole('navigation').getByRole('button', { name, exact: typeof name === 'string' });

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await nav(page, 'Sign in').click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await nav(page, new RegExp(`^Sign out ${username}$`)).waitFor({ timeout: TIMEOUT });
}

export async function addToCart(page: Page, name: string, quantity: number): Promise<void> {
  await nav(page, 'Shop').click();
  await page.getByLabel('Search products').fill(name);
  const card = page.getByRole('listitem', { name });
  await card.waitFor({ timeout: TIMEOUT });
  await card.getByLabel('Quantity').fill(String(quantity));
  await card.getByRole('button', { name: 'Add to cart' }).click();
}

/** The newest order in "My orders" reaches a status, on its own (the page is never reloaded). */
export async function newestOrderBecomes(page: Page, status: string): Promise<string> {
  const newest = page.getByRole('list', { name: 'Orders' }).getByRole('listitem').first();
  await newest.getByTestId('status').filter({ hasText: status }).waitFor({ timeout: TIMEOUT });
  return (await newest.getAttribute('data-orderid')) ?? '';
}

