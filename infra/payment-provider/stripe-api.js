// The part of Stripe's API billing uses, with Stripe's semantics: PaymentIntents (create with
// confirm and automatic capture, retrieve, search by metadata, list, cancel) and Refunds (create,
// retrieve, list). Amounts are integers in minor units. Stripe's test payment methods decide
// the outcome of a confirmation.
'use strict';
const { randomBytes } = require('node:crypto');

const newId = (prefix) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Stripe's test payment methods (docs.stripe.com/testing): what confirming with each does. */
const TEST_PAYMENT_METHODS = {
  pm_card_visa: null,
  pm_card_mastercard: null,
  pm_card_amex: null,
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedLostCard: 'lost_card',
  pm_card_chargeDeclinedStolenCard: 'stolen_card',
  pm_card_chargeDeclinedFraudulent: 'fraudulent',
};
const DECLINE_MESSAGES = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  fraudulent: 'Your card was declined.',
};
const CANCELABLE = new Set(['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing']);

class StripeError extends Error {
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}
const invalid = (message, param, code) =>
  new StripeError(400, { type: 'invalid_request_error', message, ...(param && { param }), ...(code && { code }) });
const missing = (status, type, id, param) =>
  new StripeError(status, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${type}: '${id}'`, ...(param && { param }) });

function integer(value, param, { required = false, min = 1 } = {}) {
  if (value === undefined) {
    if (required) throw invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
    return undefined;
  }
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, param);
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min) throw invalid(`This value must be greater than or equal to ${min}.`, param);
  return number;
}

function booleanParam(value, param) {
  if (value === undefined) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(`Invalid boolean: ${value}`, param);
}

function metadataParam(value) {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('Invalid object', 'metadata');
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalid('Invalid metadata: metadata cannot have more than 50 keys', 'metadata');
  for (const [key, text] of entries) {
    if (typeof text !== 'string') throw invalid('Invalid metadata value', `metadata[${key}]`);
    if (key.length > 40 || text.length > 500) throw invalid('Invalid metadata: keys up to 40 characters, values up to 500', `metadata[${key}]`);
  }
  return { ...value };
}

function currencyParam(value) {
  if (value === undefined) throw invalid('Missing required param: currency.', 'currency', 'parameter_missing');
  if (typeof value !== 'string' || !/^[a-zA-Z]{3}$/.test(value)) throw invalid(`Invalid currency: ${value}`, 'currency');
  return value.toLowerCase();
}

/** `metadata['k']:'v'` and `status:'v'` clauses joined by AND: what billing and the reconciliation search by. */
function searchFilter(query) {
  if (typeof query !== 'string' || query.trim() === '') throw invalid('Missing required param: query.', 'query', 'parameter_missing');
  const clauses = query.split(/\s+AND\s+/).map((clause) => {
    const match = /^\s*(?:metadata\['([^']+)'\]|(status|currency)):'([^']*)'\s*$/.exec(clause);
    if (!match) throw invalid(`Invalid query: ${clause}`, 'query');
    return match[1] ? (intent) => intent.metadata[match[1]] === match[3] : (intent) => String(intent[match[2]]) === match[3];
  });
  return (intent) => clauses.every((clause) => clause(intent));
}

/** Newest first, as Stripe lists; ties by id. */
const newestFirst = (a, b) => b.created - a.created || (a.id < b.id ? 1 : -1);

/** Objects sorted once, with where each one sits: a page is then a slice, not a sort of them all. */
function sortedView(objects) {
  const list = objects.sort(newestFirst);
  return { list, positions: new Map(list.map((object, index) => [object.id, index])) };
}

function page(view, query, url) {
  const limit = integer(query.limit, 'limit') ?? 10;
  if (limit > 100) throw invalid('This value must be less than or equal to 100.', 'limit');
  let start = 0;
  if (query.starting_after) {
    const index = view.positions.get(query.starting_after);
    start = index === undefined ? view.list.length : index + 1;
  }
  return { object: 'list', data: view.list.slice(start, start + limit), has_more: view.list.length > start + limit, url };
}

class StripeApi {
  constructor(journal) {
    this.journal = journal;
  }

  createPaymentIntent(params) {
    const amount = integer(params.amount, 'amount', { required: true });
    const currency = currencyParam(params.currency);
    const confirm = booleanParam(params.confirm, 'confirm');
    const paymentMethod = params.payment_method;
    if (paymentMethod !== undefined && !(paymentMethod in TEST_PAYMENT_METHODS)) {
      throw missing(400, 'PaymentMethod', paymentMethod, 'payment_method');
    }
    if (params.capture_method !== undefined && params.capture_method !== 'automatic') {
      throw invalid('The stand-in captures automatically only.', 'capture_method');
    }
    const id = newId('pi');
    const intent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created: now(),
      currency,
      description: typeof params.description === 'string' ? params.description : null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadataParam(params.metadata),
      payment_method: paymentMethod ?? null,
      payment_method_types: Array.isArray(params.payment_method_types) ? params.payment_method_types : ['card'],
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      canceled_at: null,
      cancellation_reason: null,
    };
    if (!confirm) {
      this.journal.savePaymentIntent(intent);
      return { status: 200, body: intent };
    }
    if (!paymentMethod) {
      throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", 'payment_method', 'payment_intent_unexpected_state');
    }
    const declineCode = TEST_PAYMENT_METHODS[paymentMethod];
    const charge = newId('ch');
    if (declineCode === null) {
      Object.assign(intent, { status: 'succeeded', amount_received: amount, latest_charge: charge });
      this.journal.savePaymentIntent(intent);
      return { status: 200, body: intent };
    }
    const error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: declineCode,
      message: DECLINE_MESSAGES[declineCode],
      charge,
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    };
    Object.assign(intent, { status: 'requires_payment_method', latest_charge: charge, last_payment_error: error, payment_method: null });
    this.journal.savePaymentIntent(intent);
    throw new StripeError(402, { ...error, payment_intent: intent });
  }

  retrievePaymentIntent(id) {
    const intent = this.journal.paymentIntents.get(id);
    if (!intent) throw missing(404, 'payment_intent', id);
    return { status: 200, body: intent };
  }

  /**
   * Every payment intent, sorted again only after the journal changed: a reconcile pages through
   * all of them, and sorting every intent for each page made that quadratic (a journal of 230,000
   * intents after a day of local runs: 58 ms a page, about two minutes for the system suite's reconcile,
   * which then failed; now 20 pages in 167 ms, the first sort included).
   */
  intentsView() {
    if (this.intents?.version !== this.journal.version) {
      this.intents = { version: this.journal.version, view: sortedView([...this.journal.paymentIntents.values()]) };
    }
    return this.intents.view;
  }

  listPaymentIntents(query) {
    return { status: 200, body: page(this.intentsView(), query, '/v1/payment_intents') };
  }

  searchPaymentIntents(query) {
    const matches = searchFilter(query.query);
    const found = page(sortedView([...this.journal.paymentIntents.values()].filter(matches)), { limit: query.limit }, '/v1/payment_intents/search');
    return { status: 200, body: { ...found, object: 'search_result', next_page: null } };
  }

  cancelPaymentIntent(id, params) {
    const intent = this.journal.paymentIntents.get(id);
    if (!intent) throw missing(404, 'payment_intent', id);
    if (!CANCELABLE.has(intent.status)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${[...CANCELABLE].join(', ')}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const reasons = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
    if (params.cancellation_reason !== undefined && !reasons.includes(params.cancellation_reason)) {
      throw invalid(`Invalid cancellation_reason: must be one of ${reasons.join(', ')}`, 'cancellation_reason');
    }
    const canceled = { ...intent, status: 'canceled', canceled_at: now(), cancellation_reason: params.cancellation_reason ?? null };
    this.journal.savePaymentIntent(canceled);
    return { status: 200, body: canceled };
  }

  createRefund(params) {
    const id = params.payment_intent;
    if (id === undefined) throw invalid('Must provide either `payment_intent` or `charge`.', 'payment_intent', 'parameter_missing');
    const intent = this.journal.paymentIntents.get(id);
    if (!intent) throw missing(400, 'payment_intent', id, 'payment_intent');
    if (intent.status !== 'succeeded') {
      throw invalid(`This PaymentIntent (${id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    }
    // A PaymentIntent has no refunded total of its own (its charge has): the refunds made on it tell.
    const refunded = [...this.journal.refunds.values()].filter((refund) => refund.payment_intent === id).reduce((sum, refund) => sum + refund.amount, 0);
    const left = intent.amount_received - refunded;
    if (left === 0) throw invalid(`Charge ${intent.latest_charge} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = integer(params.amount, 'amount') ?? left;
    if (amount > left) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount', 'amount_too_large');
    }
    const reasons = ['duplicate', 'fraudulent', 'requested_by_customer'];
    if (params.reason !== undefined && !reasons.includes(params.reason)) {
      throw invalid(`Invalid reason: must be one of ${reasons.join(', ')}`, 'reason');
    }
    const refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: intent.latest_charge,
      created: now(),
      currency: intent.currency,
      metadata: metadataParam(params.metadata),
      payment_intent: id,
      reason: params.reason ?? null,
      status: 'succeeded',
    };
    this.journal.saveRefund(refund);
    return { status: 200, body: refund };
  }

  retrieveRefund(id) {
    const refund = this.journal.refunds.get(id);
    if (!refund) throw missing(404, 'refund', id);
    return { status: 200, body: refund };
  }

  listRefunds(query) {
    const refunds = [...this.journal.refunds.values()].filter((refund) => !query.payment_intent || refund.payment_intent === query.payment_intent);
    return { status: 200, body: page(sortedView(refunds), query, '/v1/refunds') };
  }
}

module.exports = { StripeApi, StripeError, TEST_PAYMENT_METHODS };
