// What the apps that keep their state in PostgreSQL (catalog, billing) share: their database
// (pool, Drizzle, migrations, transactions) and the transactional outbox's relay to Kafka.
export * from './pg-database';
export * from './pg-outbox-relay';
