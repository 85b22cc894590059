export * from './event-publisher.service';
export * from './kafka-health.indicator';
export * from './messaging.module';
export { TOPICS } from './messaging.tokens';
export * from './kafka-consumer-options';
export * from './dead-letter-redriver';
export * from './incoming-event';
export * from './topic-admin';
export * from './kafka-batch-server';
