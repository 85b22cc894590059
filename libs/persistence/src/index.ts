export * from './orders/money';
export * from './orders/order.schema';
export * from './mongo-outage';
export * from './persistence.module';
export * from './existing-ids';
export * from './bulk-limit';
export * from './mongo-monitor-watchdog';
