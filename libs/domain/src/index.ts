// The business model shared by the apps that handle orders: values, entities, their rules and
// errors. No Nest, no storage, no transport.
export * from './domain-error';
export * from './multiple-of';
export * from './money';
export * from './orders/order';
export * from './orders/order-status';
export * from './orders/order.errors';
export * from './orders/order-pricing';
export * from './catalog/product';
export * from './catalog/product.errors';
