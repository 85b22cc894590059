import { Logger } from '@nestjs/common';
import { Backoff } from '@app/common';

/** The part of a kafkajs consumer that a restart needs. */
export interface RestartableConsumer {
  events: { CRASH: string };
  on(event: string, listener: (event: { payload: { error: Error; restart: boolean } }) => void): unknown;
  connect(): Promise<void>;
}

export const FIRST_RESTART_DELAY_MS = 1000;
export const MAX_RESTART_DELAY_MS = 30_000;

/**
 * kafkajs restarts a crashed consumer only when the error is retriable; after any other
 * (BROKER_NOT_AVAILABLE, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS escaping its runner while a
 * broker restarts) the consumer stays stopped for good while the app looks healthy, and its
 * partitions' events wait for ever. This starts it again, with a doubling delay while it fails.
 */
export function restartAfterFatalCrash(consumer: RestartableConsumer, start: () => Promise<void>, logger: Logger, isStopping: () => boolean): void {
  const backoff = new Backoff({ initialMs: FIRST_RESTART_DELAY_MS, maxMs: MAX_RESTART_DELAY_MS });
  const attempt = async (): Promise<void> => {
    if (isStopping()) return;
    try {
      await consumer.connect();
      await start();
      backoff.reset();
      logger.warn('the consumer is running again after a crash kafkajs would not restart');
    } catch (error) {
      const retryInMs = backoff.failed();
      logger.error({ err: error, retryInMs }, 'restarting the consumer failed');
      setTimeout(() => void attempt(), retryInMs).unref();
    }
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    logger.error({ err: payload.error, restartInMs: backoff.delayMs }, 'the consumer crashed and kafkajs will not restart it: restarting it here');
    setTimeout(() => void attempt(), backoff.delayMs).unref();
  });
}
