import { createHttpApp, HttpApp } from '@app/common';
import { OrdersAppModule } from './app.module';

/** Builds the orders app exactly as it runs in production; main.ts and the e2e tests share it. */
export function createOrdersApp(): Promise<HttpApp> {
  return createHttpApp(OrdersAppModule, {
    title: 'retail-order-platform: orders',
    description: 'Places orders and reads them back',
    securitySchemes: ['bearer'],
  });
}
