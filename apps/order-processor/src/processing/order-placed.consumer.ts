import { Controller, Logger, OnModuleDestroy } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { commitMessage, incomingEventFrom, Topic, topicForPattern } from '@app/messaging';
import { OrderProcessingService } from './order-processing.service';

/**
 * Thin adapter from the Kafka transport to OrderProcessingService. The offset is committed
 * only after the service is done with the message (written, or dead-lettered).
 */
@Controller()
export class OrderPlacedConsumer implements OnModuleDestroy {
  private readonly logger = new Logger(OrderPlacedConsumer.name);
  private stopping = false;

  constructor(private readonly processing: OrderProcessingService) {}

  @EventPattern(topicForPattern(Topic.ORDER_PLACED))
  async onOrderPlaced(@Payload() value: unknown, @Ctx() context: KafkaContext): Promise<void> {
    const message = incomingEventFrom(context, value);
    const outcome = await this.processing.handle(message, () => this.stopping);
    if (outcome === 'aborted') {
      this.logger.log({ partition: message.partition, offset: message.offset }, 'shutting down; message left for redelivery');
      return;
    }
    await commitMessage(context);
  }

  /** Runs before the consumer disconnects: handlers waiting out a retry give up at once. */
  onModuleDestroy(): void {
    this.stopping = true;
  }
}
