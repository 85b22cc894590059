import { counter } from '@app/observability';

/** Each order's answer is counted once: a redelivered order finds it 'already-answered'. */
export const reservationOutcomes = counter({
  name: 'stock_reservations_total',
  help: 'Orders of catalog products answered, by outcome (reserved, rejected, already-answered), and stock released for cancelled orders (released)',
  labelNames: ['outcome'],
});
