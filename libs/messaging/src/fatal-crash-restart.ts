import { Logger } from '@nestjs/common';

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
  let delayMs = FIRST_RESTART_DELAY_MS;
  const attempt = async (): Promise<void> => {
    if (isStopping()) return;
    try {
      await consumer.connect();
      await start();
      delayMs = FIRST_RESTART_DELAY_MS;
      logger.warn('the consumer is running again after a crash kafkajs would not restart');
    } catch (error) {
      delayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
      logger.error({ err: error, retryInMs: delayMs }, 'restarting the consumer failed');
      setTimeout(() => void attempt(), delayMs).unref();
    }
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    logger.error({ err: payload.error, restartInMs: delayMs }, 'the consumer crashed and kafkajs will not restart it: restarting it here');
    setTimeout(() => void attempt(), delayMs).unref();
  });
}
