#!/usr/bin/env node
// npm run seed: a few demo products in the catalog of the platform `npm start` runs, so a
// newcomer's shop is not empty. Local only: it talks to the gateway on a loopback address, signs
// in as the administrator of .env, and writes only into an empty catalog (never next to real data).
'use strict';
const { readFileSync } = require('node:fs');
const { parseEnv } = require('node:util');

const DEMO_PRODUCTS = [
  { name: 'Espresso beans 1kg', description: 'Single origin, medium roast', price: 24.9, stock: 40 },
  { name: 'Green tea 250g', description: 'Sencha, first flush', price: 11.5, stock: 60 },
  { name: 'Ceramic pour-over', description: 'Size 02, white', price: 32, stock: 15 },
  { name: 'Paper filters (100)', price: 4.2, stock: 200 },
  { name: 'Milk frother', description: 'Hand-held, two speeds', price: 18.75, stock: 25 },
  { name: 'Travel mug 350ml', price: 16, stock: 0 },
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why seeding this target is refused, or undefined when it may go ahead. */
function refusal(baseUrl, existingProducts) {
  if (!LOOPBACK.has(new URL(baseUrl).hostname)) return `${baseUrl} is not on this machine: the demo catalog is for a local platform only`;
  if (existingProducts > 0) return 'the catalog has products already: the demo products go into an empty catalog only';
  return undefined;
}

async function call(url, init) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
  return body;
}

async function seed(env) {
  const port = env.GATEWAY_PORT || '8080';
  const baseUrl = (env.SEED_GATEWAY_URL || `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const page = await call(`${baseUrl}/api/products?limit=1`);
  const reason = refusal(baseUrl, page.products.length);
  if (reason) throw new Error(`npm run seed refused: ${reason}`);
  if (!env.ADMIN_PASSWORD) throw new Error('npm run seed needs ADMIN_PASSWORD in .env (npm start fills it in)');
  const basic = Buffer.from(`${env.ADMIN_USERNAME || 'admin'}:${env.ADMIN_PASSWORD}`).toString('base64');
  const { access_token: token } = await call(`${baseUrl}/api/token`, { headers: { authorization: `Basic ${basic}` } });
  for (const product of DEMO_PRODUCTS) {
    await call(`${baseUrl}/api/products`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(product) });
  }
  return { baseUrl, count: DEMO_PRODUCTS.length };
}

if (require.main === module) {
  let fileEnv = {};
  try {
    fileEnv = parseEnv(readFileSync('.env', 'utf8'));
  } catch {
    // No .env: the environment alone (npm start writes .env on its first run).
  }
  seed({ ...fileEnv, ...process.env }).then(
    ({ baseUrl, count }) => console.log(`[seed] ${count} demo products added: ${baseUrl}/`),
    (error) => {
      console.error(`[seed] ${error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { DEMO_PRODUCTS, refusal, seed };
