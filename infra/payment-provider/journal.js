// The stand-in's state, kept across its own restarts: every change is appended to one JSON-lines
// file before the answer leaves (a kill after that loses nothing), and read back at start.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Idempotency keys are kept for 24 hours, as Stripe keeps them. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

class Journal {
  constructor(file) {
    this.file = file;
    this.paymentIntents = new Map();
    this.refunds = new Map();
    this.idempotency = new Map();
    /** Counts the changes of intents and refunds: a sorted view of them is kept until the next. */
    this.version = 0;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) this.replay(fs.readFileSync(file, 'utf8'));
    this.fd = fs.openSync(file, 'a');
  }

  replay(text) {
    const now = Date.now();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record;
      try {
        record = JSON.parse(line);
      } catch {
        continue; // a line cut short by a kill mid-write: its answer never left
      }
      if (record.kind === 'payment_intent') this.paymentIntents.set(record.object.id, record.object);
      else if (record.kind === 'refund') this.refunds.set(record.object.id, record.object);
      else if (record.kind === 'idempotency' && now - record.entry.savedAt < KEY_LIFETIME_MS) {
        this.idempotency.set(record.entry.key, record.entry);
      }
    }
  }

  append(record) {
    fs.writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  savePaymentIntent(object) {
    this.version++;
    this.paymentIntents.set(object.id, object);
    this.append({ kind: 'payment_intent', object });
  }

  saveRefund(object) {
    this.version++;
    this.refunds.set(object.id, object);
    this.append({ kind: 'refund', object });
  }

  saveIdempotent(entry) {
    this.idempotency.set(entry.key, entry);
    this.append({ kind: 'idempotency', entry });
  }

  close() {
    fs.closeSync(this.fd);
  }
}

module.exports = { Journal };
