/**
 * Hands out the numbers of a user's list (user-order-list.ts) from the user's counter, one
 * counter update for every request of that user waiting at the time: while an update is in
 * flight, the user's next requests queue, and the next update takes as many numbers as they are.
 * One user placing many orders at once (a shop's backend under one account) would otherwise
 * queue its updates on one row of the store: measured, 512 POST/s against 978 without numbers.
 */
export class ListNumbers {
  private readonly queues = new Map<string, Array<{ resolve: (position: number) => void; reject: (error: unknown) => void }>>();

  /** `take(userId, count)` adds count to the user's counter and answers its new value. */
  constructor(private readonly take: (userId: string, count: number) => Promise<number>) {}

  next(userId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(userId);
      if (queue) {
        queue.push({ resolve, reject });
        return;
      }
      this.queues.set(userId, [{ resolve, reject }]);
      void this.drain(userId);
    });
  }

  private async drain(userId: string): Promise<void> {
    for (;;) {
      const waiting = this.queues.get(userId)!;
      if (waiting.length === 0) {
        this.queues.delete(userId);
        return;
      }
      const batch = waiting.splice(0, waiting.length);
      try {
        const last = await this.take(userId, batch.length);
        batch.forEach((waiter, index) => waiter.resolve(last - batch.length + 1 + index));
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
  }
}
