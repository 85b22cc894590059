export * from './event-publisher.service';
export * from './events/event-headers';
export * from './events/order-placed.event';
export * from './kafka-health.indicator';
export * from './messaging.module';
export { TOPICS } from './messaging.tokens';
export * from './topics';
