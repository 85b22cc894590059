import { describeHealthContract } from '@test/e2e/health-suite';
import { createOrderProcessorApp } from '@apps/order-processor/create-app';

describeHealthContract('order-processor', async () => {
  const app = await createOrderProcessorApp();
  await app.startAllMicroservices();
  return app;
});
