import { ConfigType } from '@nestjs/config';
import { createHttpApp, HttpApp } from '@app/common';
import { kafkaConfig } from '@app/config';
import { buildKafkaBatchConsumer, TopicAdmin } from '@app/messaging';
import { APP_NAME, OrdersAppModule } from './app.module';
import { LiveStatusSubscriber } from './live-status/live-status.subscriber';
import { orderErrorDetails } from './orders/order-error.details';

/**
 * Builds the orders app exactly as it runs in production; main.ts and the e2e tests share it.
 * Besides HTTP it consumes `catalog.products` into its copy of the catalog (group
 * `orders-catalog-copy`, one for all instances: the copy is in MongoDB), and every status event
 * (a group per instance) for the live streams: start both with startOrdersConsumers().
 */
export async function createOrdersApp(): Promise<HttpApp> {
  const app = await createHttpApp(OrdersAppModule, {
    title: 'retail-order-platform: orders',
    description: 'Places orders and reads them back',
    securitySchemes: ['bearer'],
    domainErrorDetails: orderErrorDetails,
  });
  const kafka = app.get<ConfigType<typeof kafkaConfig>>(kafkaConfig.KEY);
  app.connectMicroservice(
    buildKafkaBatchConsumer(kafka, { groupId: `${kafka.topicPrefix}orders-catalog-copy`, clientId: kafka.clientId ?? APP_NAME, partitionsConsumedConcurrently: 3 }),
    { inheritAppConfig: false },
  );
  return app;
}

/** Creates the topics (the compacted catalog.products among them) and starts consuming. */
export async function startOrdersConsumers(app: HttpApp): Promise<void> {
  await app.get(TopicAdmin).ensureTopics();
  await app.startAllMicroservices();
  await app.get(LiveStatusSubscriber).start();
}
