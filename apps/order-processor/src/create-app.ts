import { createHttpApp, HttpApp } from '@app/common';
import { ConfigType } from '@nestjs/config';
import { kafkaConfig } from '@app/config';
import { buildKafkaBatchConsumer, TopicAdmin } from '@app/messaging';
import { APP_NAME, OrderProcessorAppModule } from './app.module';
import { ConsumerStatus } from './processing/consumer-status';
import { processorConfig } from './processor.config';

/**
 * The worker: a Kafka-transport batch consumer (group `order-processor`) plus a small HTTP server
 * for /health and /health/ready. main.ts and the e2e tests share it; call
 * app.startAllMicroservices() to start consuming.
 */
export async function createOrderProcessorApp(): Promise<HttpApp> {
  const app = await createHttpApp(OrderProcessorAppModule, {
    title: 'retail-order-platform: order-processor',
    description: 'Consumes placed orders and marks them PROCESSED; this HTTP port serves health only',
  });
  await app.get(TopicAdmin).ensureTopics();
  const kafka = app.get<ConfigType<typeof kafkaConfig>>(kafkaConfig.KEY);
  const processor = app.get<ConfigType<typeof processorConfig>>(processorConfig.KEY);
  const consumer = app.connectMicroservice(
    buildKafkaBatchConsumer(kafka, {
      groupId: `${kafka.topicPrefix}order-processor`,
      clientId: kafka.clientId ?? APP_NAME,
      partitionsConsumedConcurrently: processor.partitionConcurrency,
      coPartitioned: true,
    }),
    { inheritAppConfig: false },
  );
  const status = app.get(ConsumerStatus);
  consumer.status.subscribe((state) => status.set(String(state)));
  return app;
}
