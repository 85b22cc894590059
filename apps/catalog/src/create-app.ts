import { ConfigType } from '@nestjs/config';
import { createHttpApp, HttpApp } from '@app/common';
import { kafkaConfig } from '@app/config';
import { buildKafkaBatchConsumer, TopicAdmin } from '@app/messaging';
import { APP_NAME, CatalogAppModule } from './app.module';

/**
 * Builds the catalog app exactly as it runs in production; main.ts and the e2e tests share it.
 * Besides HTTP it consumes `orders.placed` (group `catalog-reservations`) to reserve stock:
 * start that with startCatalogConsumers().
 */
export async function createCatalogApp(): Promise<HttpApp> {
  const app = await createHttpApp(CatalogAppModule, {
    title: 'retail-order-platform: catalog',
    description: 'Products, prices and stock: public reads, admin writes',
    securitySchemes: ['bearer'],
  });
  const kafka = app.get<ConfigType<typeof kafkaConfig>>(kafkaConfig.KEY);
  app.connectMicroservice(
    buildKafkaBatchConsumer(kafka, { groupId: `${kafka.topicPrefix}catalog-reservations`, clientId: kafka.clientId ?? APP_NAME, partitionsConsumedConcurrently: 3 }),
    { inheritAppConfig: false },
  );
  return app;
}

/** Creates the topics and starts consuming. */
export async function startCatalogConsumers(app: HttpApp): Promise<void> {
  await app.get(TopicAdmin).ensureTopics();
  await app.startAllMicroservices();
}
