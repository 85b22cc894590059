import { Module } from '@nestjs/common';
import { LiveStatusSubscriber } from './live-status.subscriber';
import { OrderEventsController } from './order-events.controller';
import { OrderStatusFeed } from './order-status-feed';

/** GET /api/orders/events: each buyer's order statuses as they change, fed by the status events on Kafka. */
@Module({
  controllers: [OrderEventsController],
  providers: [OrderStatusFeed, LiveStatusSubscriber],
  exports: [LiveStatusSubscriber],
})
export class LiveStatusModule {}
