import { createHttpApp, HttpApp } from '@app/common';
import { AuthAppModule } from './app.module';

/** Builds the auth app exactly as it runs in production; main.ts and the e2e tests share it. */
export function createAuthApp(): Promise<HttpApp> {
  return createHttpApp(AuthAppModule, {
    title: 'retail-order-platform: auth',
    description: 'Registers users and issues RS256 JWT access tokens',
    securitySchemes: ['basic', 'bearer'],
  });
}
