#!/usr/bin/env node
// npm run provider -- faults <mode> [rate] [ms]   set the stand-in's faults (mode none ends them)
// npm run provider -- faults                      show them
// The stand-in's address: PAYMENT_PROVIDER_URL (the environment, then .env), else the local default.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { MODES } = require('./faults');

function providerUrl() {
  if (process.env.PAYMENT_PROVIDER_URL) return process.env.PAYMENT_PROVIDER_URL;
  const envFile = path.join(__dirname, '..', '..', '.env');
  const line = fs.existsSync(envFile) ? /^PAYMENT_PROVIDER_URL=(.+)$/m.exec(fs.readFileSync(envFile, 'utf8')) : null;
  return line ? line[1].trim() : 'http://127.0.0.1:12180';
}

function usage() {
  console.error(`usage: npm run provider -- faults [${MODES.join('|')} [rate 0..1] [ms]]`);
  process.exit(2);
}

async function main([command, mode, rate, ms]) {
  if (command !== 'faults') usage();
  const url = `${providerUrl().replace(/\/$/, '')}/__control/faults`;
  const body = mode === undefined ? undefined : { mode, rate: rate === undefined ? 1 : Number(rate), ms: ms === undefined ? (mode === 'slow' ? 1000 : 0) : Number(ms) };
  const response = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
  const text = await response.text();
  console.log(text);
  if (!response.ok) process.exit(1);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`cannot reach the payment provider stand-in: ${error.cause?.message ?? error.message}`);
  process.exit(1);
});
