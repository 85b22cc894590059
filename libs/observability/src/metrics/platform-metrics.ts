import { Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, register } from 'prom-client';

/*
 * The metrics every app of the platform shares, on prom-client's default registry (the one
 * @willsoto/nestjs-prometheus serves at GET /metrics). Get-or-create: a test process that
 * boots an app several times registers each metric once.
 */

function existing<T>(name: string): T | undefined {
  return register.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return existing<Counter<L>>(config.name) ?? new Counter(config);
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return existing<Gauge<L>>(config.name) ?? new Gauge(config);
}

export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return existing<Histogram<L>>(config.name) ?? new Histogram(config);
}

export const httpRequestDuration = histogram({
  name: 'http_server_request_duration_seconds',
  help: 'HTTP requests served, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const consumerLag = gauge({
  name: 'kafka_consumer_lag_messages',
  help: 'Messages on the partition after the last one this instance handled, as of its last fetched batch',
  labelNames: ['topic', 'partition'],
});

export const consumerBatchSize = histogram({
  name: 'kafka_consumer_batch_size_messages',
  help: 'Messages per fetched batch handed to a handler',
  labelNames: ['topic'],
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
});

export const consumerRetries = counter({
  name: 'kafka_consumer_retries_total',
  help: 'Failed attempts a consumer retried (the partition waits meanwhile), by what it tried',
  labelNames: ['operation'],
});

export const orderStatusTransitions = counter({
  name: 'order_status_transitions_total',
  help: 'Orders moved to a status (PLACED by apps/orders; PROCESSED, REJECTED, CANCELLED by the processor), by the status',
  labelNames: ['to'],
});

export const deadLetters = counter({
  name: 'kafka_dead_letters_total',
  help: 'Messages sent to a dead-letter topic, by source topic and reason',
  labelNames: ['topic', 'reason'],
});

export const producerResentMessages = counter({
  name: 'kafka_producer_resent_messages_total',
  help: 'Messages sent again because a send resolved without a partition answer covering them (a kafkajs defect on leader moves), by topic',
  labelNames: ['topic'],
});

/** Orders still PLACED past RELAY_REANNOUNCE_AFTER_MS (the relay announces them again): 0 when all move on. */
export const placedOverdue = gauge({
  name: 'orders_placed_overdue',
  help: 'Orders still PLACED longer than RELAY_REANNOUNCE_AFTER_MS after they were placed',
});

/** Live-status streams this instance holds open (GET /api/orders/events): back to 0 when every client left. */
export const liveStatusStreams = gauge({
  name: 'orders_live_status_streams',
  help: 'Live order-status streams (server-sent events) open on this instance',
});
