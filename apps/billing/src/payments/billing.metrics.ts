import { Counter, Gauge } from 'prom-client';

/** Each charge attempt's outcome: captured, raced (cancelled meanwhile), declined, unavailable, unknown. */
export const paymentOutcomes = new Counter({
  name: 'billing_charge_outcomes_total',
  help: 'Charge attempts by outcome',
  labelNames: ['outcome'] as const,
});

/** Undo operations waiting in the compensation log, and the age of the oldest. */
export const pendingCompensations = new Gauge({ name: 'billing_compensations_pending', help: 'Compensations not yet carried out' });
export const oldestCompensationAge = new Gauge({
  name: 'billing_compensation_oldest_age_seconds',
  help: 'Age of the oldest pending compensation (0 when none)',
});
