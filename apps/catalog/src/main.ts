import './tracing';
import { listen } from '@app/common';
import { APP_NAME } from './app.module';
import { createCatalogApp, startCatalogConsumers } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createCatalogApp();
  await startCatalogConsumers(app);
  await listen(app, APP_NAME);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
