// A transactional outbox in PostgreSQL and its relay to Kafka, shared by the apps that keep
// their state in PostgreSQL (catalog, billing). No app code here.
export * from './pg-outbox-relay';
