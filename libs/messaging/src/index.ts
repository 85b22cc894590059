export * from './kafka-health.indicator';
export * from './messaging.module';
export { TOPICS } from './messaging.tokens';
export * from './topics';
