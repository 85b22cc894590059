import './tracing';
import { NestFactory } from '@nestjs/core';
import { DeadLetterRedriver } from '@app/messaging';
import { OrderProcessorAppModule } from './app.module';

/** npm run dlq:redrive — moves every message waiting in orders.placed.dlq back to orders.placed. */
async function redrive(): Promise<void> {
  const context = await NestFactory.createApplicationContext(OrderProcessorAppModule, { logger: ['error', 'warn'] });
  try {
    const moved = await context.get(DeadLetterRedriver).redrive();
    console.log(`redrove ${moved} message(s) from the DLQ to orders.placed`);
  } finally {
    await context.close();
  }
}

redrive().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
