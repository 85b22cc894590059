// The stand-in's fault control: what it does wrong on purpose, and to what share of API requests.
//   unavailable         the API's connections are dropped before anything is done
//   slow                the request waits `ms` before it is carried out
//   error-before        a 500 (or `status`: 503) answer, nothing done
//   error-after-commit  carried out and recorded, then a 500 answer or a dropped connection
'use strict';

const MODES = ['none', 'unavailable', 'slow', 'error-before', 'error-after-commit'];

/** The fault settings from a control request's JSON, or the reason they are refused. */
function parseFaults(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'the body must be a JSON object' };
  const unknown = Object.keys(input).filter((key) => !['mode', 'rate', 'ms', 'status'].includes(key));
  if (unknown.length > 0) return { error: `unknown field(s): ${unknown.join(', ')}` };
  const { mode, rate = 1, ms = 0, status = 500 } = input;
  if (!MODES.includes(mode)) return { error: `mode must be one of ${MODES.join(', ')}` };
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return { error: 'rate must be a number from 0 to 1' };
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) return { error: 'ms must be an integer from 0 to 600000' };
  if (status !== 500 && status !== 503) return { error: 'status must be 500 or 503' };
  if (mode === 'slow' && ms === 0) return { error: 'slow needs ms > 0' };
  return { faults: { mode, rate, ms, status } };
}

class FaultControl {
  constructor(random = Math.random) {
    this.random = random;
    this.settings = { mode: 'none', rate: 1, ms: 0, status: 500 };
    this.injected = 0;
  }

  set(faults) {
    this.settings = faults;
  }

  /** The fault this request meets, if any: drawn once per request at the configured rate. */
  draw() {
    const { mode, rate } = this.settings;
    if (mode === 'none' || this.random() >= rate) return 'none';
    this.injected += 1;
    return mode;
  }

  describe() {
    return { ...this.settings, injected: this.injected };
  }
}

module.exports = { FaultControl, parseFaults, MODES };
