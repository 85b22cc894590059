import { createHttpApp, HttpApp } from '@app/common';
import { CatalogAppModule } from './app.module';

/** Builds the catalog app exactly as it runs in production; main.ts and the e2e tests share it. */
export function createCatalogApp(): Promise<HttpApp> {
  return createHttpApp(CatalogAppModule, {
    title: 'retail-order-platform: catalog',
    description: 'Products, prices and stock: public reads, admin writes',
    securitySchemes: ['bearer'],
  });
}
