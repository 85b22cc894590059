import './tracing';
import { listen } from '@app/common';
import { APP_NAME } from './app.module';
import { createBillingApp, startBillingConsumers } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createBillingApp();
  await startBillingConsumers(app);
  await listen(app, APP_NAME);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
