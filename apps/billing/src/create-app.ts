import { ConfigType } from '@nestjs/config';
import { createHttpApp, HttpApp } from '@app/common';
import { kafkaConfig } from '@app/config';
import { buildKafkaBatchConsumer, TopicAdmin } from '@app/messaging';
import { APP_NAME, BillingAppModule } from './app.module';

/**
 * Builds the billing app exactly as it runs in production; main.ts and the e2e tests share it.
 * Besides HTTP it consumes orders placed and cancelled, the catalog's stock answers and product
 * withdrawals (group `billing-payments`): start that with startBillingConsumers().
 */
export async function createBillingApp(): Promise<HttpApp> {
  const app = await createHttpApp(BillingAppModule, {
    title: 'retail-order-platform: billing',
    description: 'Payments through the provider (Stripe’s API), refunds, the compensation log and the ledger',
    securitySchemes: ['bearer'],
  });
  const kafka = app.get<ConfigType<typeof kafkaConfig>>(kafkaConfig.KEY);
  app.connectMicroservice(
    buildKafkaBatchConsumer(kafka, { groupId: `${kafka.topicPrefix}billing-payments`, clientId: kafka.clientId ?? APP_NAME, partitionsConsumedConcurrently: 3 }),
    { inheritAppConfig: false },
  );
  return app;
}

/** Creates the topics and starts consuming. */
export async function startBillingConsumers(app: HttpApp): Promise<void> {
  await app.get(TopicAdmin).ensureTopics();
  await app.startAllMicroservices();
}
