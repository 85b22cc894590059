#!/usr/bin/env node
// A local stand-in for Stripe's API, started by infra/infra.sh like Kafka (it is not an app of the
// platform): billing talks to it through the official SDK exactly as it would to api.stripe.com.
// Stripe's semantics for what billing uses: secret keys `sk_test_…` in a Bearer header, form-encoded
// bodies, idempotency keys that replay the first answer and refuse other parameters, its error
// shapes. The state survives a restart (journal.js); faults are set at /__control/faults.
//
//   node server.js --port 12180 --data <dir> [--host 127.0.0.1]   (docker-compose: --host 0.0.0.0)
'use strict';
const http = require('node:http');
const path = require('node:path');
const { createHash, randomBytes } = require('node:crypto');
const qs = require('qs');
const { Journal } = require('./journal');
const { StripeApi, StripeError } = require('./stripe-api');
const { FaultControl, parseFaults } = require('./faults');

const BODY_LIMIT = 64 * 1024;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

function send(response, status, body, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_${randomBytes(8).toString('hex')}`,
    ...headers,
  });
  response.end(text);
}

const apiError = (status, type, message, code) => ({ status, body: { error: { type, message, ...(code && { code }) } } });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Which API call a method and path are, or null: Stripe answers 404 for any other. */
function route(api, method, pathname, params, query) {
  let match;
  if (method === 'POST' && pathname === '/v1/payment_intents') return () => api.createPaymentIntent(params);
  if (method === 'GET' && pathname === '/v1/payment_intents') return () => api.listPaymentIntents(query);
  if (method === 'GET' && pathname === '/v1/payment_intents/search') return () => api.searchPaymentIntents(query);
  if (method === 'GET' && (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(pathname))) return () => api.retrievePaymentIntent(match[1]);
  if (method === 'POST' && (match = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(pathname))) return () => api.cancelPaymentIntent(match[1], params);
  if (method === 'POST' && pathname === '/v1/refunds') return () => api.createRefund(params);
  if (method === 'GET' && pathname === '/v1/refunds') return () => api.listRefunds(query);
  if (method === 'GET' && (match = /^\/v1\/refunds\/([^/]+)$/.exec(pathname))) return () => api.retrieveRefund(match[1]);
  return null;
}

function carryOut(call) {
  try {
    return call();
  } catch (error) {
    if (error instanceof StripeError) return { status: error.status, body: { error: error.error } };
    console.error(error);
    return apiError(500, 'api_error', 'An unknown error occurred.');
  }
}

function createStandIn({ dataDir, random = Math.random, log = console.log }) {
  const journal = new Journal(path.join(dataDir, 'state.jsonl'));
  const api = new StripeApi(journal);
  const faults = new FaultControl(random);
  const inFlight = new Set();

  async function control(request, response, pathname) {
    if (pathname === '/__control/health') return send(response, 200, { status: 'ok' });
    if (pathname !== '/__control/faults') return send(response, 404, { error: 'not found' });
    if (request.method === 'GET') return send(response, 200, faults.describe());
    if (request.method !== 'POST') return send(response, 405, { error: 'use GET or POST' });
    let input;
    try {
      input = JSON.parse(await readBody(request));
    } catch {
      return send(response, 400, { error: 'the body must be JSON' });
    }
    const parsed = parseFaults(input);
    if (parsed.error) return send(response, 400, { error: parsed.error });
    faults.set(parsed.faults);
    log(`faults: ${JSON.stringify(parsed.faults)}`);
    return send(response, 200, faults.describe());
  }

  async function serveApi(request, response, url) {
    const auth = request.headers.authorization ?? '';
    if (!/^Bearer sk_test_[A-Za-z0-9_]+$/.test(auth)) {
      return send(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided. The stand-in accepts test secret keys (sk_test_…) only.' } });
    }
    const text = await readBody(request);
    const fault = faults.draw();
    if (fault === 'unavailable') return request.socket.destroy();
    if (fault === 'slow') await sleep(faults.settings.ms);
    if (fault === 'error-before') return send(response, faults.settings.status, apiError(500, 'api_error', 'The stand-in failed on purpose before doing anything.').body);

    const params = request.method === 'POST' ? qs.parse(text, { depth: 5, arrayLimit: 100 }) : {};
    const query = qs.parse(url.search.slice(1), { depth: 5 });
    const call = route(api, request.method, url.pathname, params, query);
    if (!call) return send(response, 404, apiError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${url.pathname}).`).body);

    const key = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
    let result;
    if (key === undefined) result = carryOut(call);
    else {
      const fingerprint = createHash('sha256').update(`${request.method} ${url.pathname} ${text}`).digest('hex');
      const saved = journal.idempotency.get(key);
      if (saved && saved.fingerprint !== fingerprint) {
        result = apiError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      } else if (saved) {
        return fault === 'error-after-commit' ? failAfterCommit(request, response) : send(response, saved.status, saved.body, { 'idempotent-replayed': 'true' });
      } else if (inFlight.has(key)) {
        result = apiError(409, 'invalid_request_error', 'There is currently another in-progress request using this Stripe API key and idempotency key. Please try again later.', 'idempotency_key_in_use');
      } else {
        inFlight.add(key);
        try {
          result = carryOut(call);
        } finally {
          inFlight.delete(key);
        }
        // Stripe keeps the answer of a request that ran (a success or a card error), not a refused one.
        if (result.status === 200 || result.status === 402) {
          journal.saveIdempotent({ key, fingerprint, status: result.status, body: result.body, savedAt: Date.now() });
        }
      }
    }
    if (fault === 'error-after-commit') return failAfterCommit(request, response);
    return send(response, result.status, result.body);
  }

  function failAfterCommit(request, response) {
    if (random() < 0.5) return request.socket.destroy();
    return send(response, 500, apiError(500, 'api_error', 'The stand-in failed on purpose after carrying out the request.').body);
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://stand-in');
    const handler = url.pathname.startsWith('/__control/') ? control(request, response, url.pathname) : serveApi(request, response, url);
    handler.catch((error) => {
      if (!response.headersSent) send(response, 400, apiError(400, 'invalid_request_error', error.message).body);
    });
  });
  server.on('close', () => journal.close());
  return server;
}

if (require.main === module) {
  const port = Number(option('port', process.env.PAYMENT_PROVIDER_PORT ?? '12180'));
  const dataDir = option('data', path.join(__dirname, '..', '..', '.infra', 'payment-provider'));
  const server = createStandIn({ dataDir });
  const host = option('host', '127.0.0.1');
  server.listen(port, host, () => console.log(`payment provider stand-in on http://${host}:${port} (state in ${dataDir})`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { createStandIn };
