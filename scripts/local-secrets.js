#!/usr/bin/env node
// npm start runs this on every start: each local secret that .env leaves empty gets a random
// value, and .env is made readable by its owner alone. No credential of the platform is a
// published value (the apps refuse those in production); a value already set is never changed.
'use strict';
const { randomBytes } = require('node:crypto');
const { chmodSync, readFileSync, writeFileSync } = require('node:fs');

/** The secrets the local stack (npm start) and docker-compose need and nobody has chosen yet. */
const GENERATED_SECRETS = ['ADMIN_PASSWORD', 'POSTGRES_PASSWORD', 'GRAFANA_ADMIN_PASSWORD', 'STRIPE_SECRET_KEY'];

/** Billing's key for the local stand-in: a test key of Stripe's shape, random like the others. */
const randomSecret = (name) => (name === 'STRIPE_SECRET_KEY' ? `sk_test_${randomBytes(24).toString('hex')}` : randomBytes(24).toString('base64url'));

/** The .env text with every empty (or missing) generated secret filled in, and their names. */
function fillSecrets(text, random = randomSecret) {
  const filled = [];
  let result = text;
  for (const name of GENERATED_SECRETS) {
    const line = new RegExp(`^${name}=(.*)$`, 'm');
    const match = line.exec(result);
    if (match && match[1].trim() !== '') continue;
    const value = random(name);
    result = match ? result.replace(line, `${name}=${value}`) : `${result.replace(/\n?$/, '\n')}${name}=${value}\n`;
    filled.push(name);
  }
  return { text: result, filled };
}

if (require.main === module) {
  const file = process.argv[2] || '.env';
  const { text, filled } = fillSecrets(readFileSync(file, 'utf8'));
  if (filled.length > 0) writeFileSync(file, text);
  chmodSync(file, 0o600);
  if (filled.length > 0) console.log(`[start] generated ${filled.join(', ')} into ${file} (readable by you alone)`);
}

module.exports = { fillSecrets, GENERATED_SECRETS };
