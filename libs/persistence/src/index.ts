export * from './orders/money';
export * from './orders/order.schema';
export * from './persistence.module';
