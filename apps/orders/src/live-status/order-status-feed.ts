import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { liveStatusStreams } from '@app/observability';
import type { OrderStatusUpdate } from './order-status-update';

export interface StatusListener {
  send(update: OrderStatusUpdate): void;
  /** The app is stopping: end the stream, so the client reconnects to another instance. */
  close(): void;
}

/** Streams one user may hold open on one instance (tabs, devices); more → 429. */
export const MAX_STREAMS_PER_USER = 10;
/** Streams one instance holds open in all; more → 503, so the gateway can pick another. */
export const MAX_STREAMS = 2000;

export type Subscription = { ok: true; unsubscribe: () => void } | { ok: false; reason: 'user-limit' | 'instance-limit' };

/** Fans the status updates this instance hears out to the open streams of the orders' owners. */
@Injectable()
export class OrderStatusFeed implements BeforeApplicationShutdown {
  private readonly byUser = new Map<string, Set<StatusListener>>();
  private open = 0;

  subscribe(userId: string, listener: StatusListener): Subscription {
    const listeners = this.byUser.get(userId) ?? new Set<StatusListener>();
    if (listeners.size >= MAX_STREAMS_PER_USER) return { ok: false, reason: 'user-limit' };
    if (this.open >= MAX_STREAMS) return { ok: false, reason: 'instance-limit' };
    listeners.add(listener);
    this.byUser.set(userId, listeners);
    this.open++;
    liveStatusStreams.inc();
    let subscribed = true;
    return {
      ok: true,
      unsubscribe: () => {
        if (!subscribed) return;
        subscribed = false;
        listeners.delete(listener);
        this.open--;
        liveStatusStreams.dec();
        if (listeners.size === 0) this.byUser.delete(userId);
      },
    };
  }

  publish(update: OrderStatusUpdate): void {
    for (const listener of this.byUser.get(update.userid) ?? []) listener.send(update);
  }

  get streams(): number {
    return this.open;
  }

  beforeApplicationShutdown(): void {
    for (const listeners of [...this.byUser.values()]) for (const listener of [...listeners]) listener.close();
  }
}
