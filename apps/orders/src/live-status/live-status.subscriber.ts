import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Topic } from '@app/contracts';
import { Broadcast, BroadcastSubscriber } from '@app/messaging';
import { OrderStatusFeed } from './order-status-feed';
import { toStatusUpdate } from './order-status-update';

/**
 * Every orders instance hears every status event (a consumer group of its own), so a buyer's
 * stream gets their orders' updates whichever instance the gateway connected it to.
 */
@Injectable()
export class LiveStatusSubscriber implements OnModuleDestroy {
  private broadcast?: Broadcast;

  constructor(
    private readonly subscriber: BroadcastSubscriber,
    private readonly feed: OrderStatusFeed,
  ) {}

  async start(): Promise<void> {
    if (this.broadcast) return;
    this.broadcast = await this.subscriber.subscribe('orders-live-status', [Topic.ORDER_PROCESSED, Topic.ORDER_REJECTED, Topic.ORDER_CANCELLED, Topic.ORDER_REFUNDED], (event) => {
      const update = toStatusUpdate(event.value);
      if (update) this.feed.publish(update);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.broadcast?.stop();
    this.broadcast = undefined;
  }
}
