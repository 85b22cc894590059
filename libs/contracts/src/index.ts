// What the apps (and later the catalog and the web page) agree on over Kafka: topic names,
// event schemas and versions, headers. No transport here: nothing of kafkajs or Nest.
export * from './events/dead-letter';
export * from './events/event-headers';
export * from './events/order-placed.event';
export * from './events/order-processed.event';
export * from './events/order-refunded.event';
export * from './events/order-rejected.event';
export * from './events/order-cancel.events';
export * from './events/payment.events';
export * from './events/product.events';
export * from './events/stock.events';
export * from './topics';
