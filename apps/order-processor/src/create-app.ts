import { createHttpApp } from '@app/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { OrderProcessorAppModule } from './app.module';

/** Builds the order-processor app exactly as it runs in production; main.ts and the e2e tests share it. */
export function createOrderProcessorApp(): Promise<NestExpressApplication> {
  return createHttpApp(OrderProcessorAppModule, {
    title: 'retail-order-platform: order-processor',
    description: 'Consumes placed orders and marks them PROCESSED; this HTTP port serves health only',
  });
}
