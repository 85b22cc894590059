import { Logger } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';
import { ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { consumerBatchSize, consumerLag } from '@app/observability';
import { restartAfterFatalCrash, RestartableConsumer } from './fatal-crash-restart';
import { incomingEventOf } from './incoming-event';
import { startProcessSpans } from './message-tracing';
import { whileMetadataPending } from './metadata-pending';

/** What a batch handler gets besides the events: keep the group membership alive while it waits. */
export class EventBatchContext {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly heartbeat: () => Promise<void>,
  ) {}
}

/** What a batch handler's service gets: give up when the app stops, keep the group membership while it waits. */
export interface BatchControl {
  stopping: () => boolean;
  heartbeat: () => Promise<void>;
}

/** A batch handler's answer: 'done' commits past the batch; 'aborted' leaves it for redelivery. */
export type BatchOutcome = 'done' | 'aborted';

/**
 * Commits a handled batch's offsets. A commit the broker never answered (it went down while
 * the batch was handled) is left to the next batch's commit, which carries these offsets too,
 * or to a redelivery (handlers are idempotent). Thrown, it crashed the consumer: kafkajs
 * restarted it as a new member, and the restarted broker's group then waited a whole session
 * for the old one before billing charged again. An answer from the broker (a rebalance, a
 * moved coordinator) is still thrown: kafkajs rejoins on those.
 */
export async function commitUnlessUnreachable(commit: () => Promise<void>, logger: Pick<Logger, 'warn'>): Promise<void> {
  try {
    await commit();
  } catch (error) {
    if (brokerAnswered(error)) throw error;
    logger.warn({ err: error }, 'offsets not committed (the broker is unreachable); the next batch commits them');
  }
}

/** Whether kafkajs' error (or what it wraps) is an error code from a broker, not a failed connection or a timeout. */
function brokerAnswered(error: unknown): boolean {
  for (let cause = error as { name?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.name === 'KafkaJSProtocolError') return true;
  }
  return false;
}

/**
 * Nest's Kafka transport, consuming with kafkajs' eachBatch instead of eachMessage: an
 * @EventPattern handler gets all messages a fetch returned for one partition (as
 * IncomingEvent[]) and an EventBatchContext, so it can write them together. The offset is
 * committed past the batch only after the handler answered 'done'.
 */
export class KafkaBatchServer extends ServerKafka {
  /**
   * Handlers name topics without KAFKA_TOPIC_PREFIX (`@EventPattern(Topic.ORDER_PLACED)`): the
   * prefix comes from the app's validated config, not from the environment at import time.
   */
  constructor(
    options: ConstructorParameters<typeof ServerKafka>[0],
    private readonly topicPrefix: string,
  ) {
    super(options);
  }

  private stopping = false;
  private restartArmed = false;

  override async bindEvents(consumer: Consumer): Promise<void> {
    if (!this.restartArmed) {
      this.restartArmed = true;
      restartAfterFatalCrash(consumer as unknown as RestartableConsumer, () => this.subscribeAndRun(consumer), new Logger(KafkaBatchServer.name), () => this.stopping);
    }
    await this.subscribeAndRun(consumer);
  }

  override async close(): Promise<void> {
    this.stopping = true;
    await super.close();
  }

  private async subscribeAndRun(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((topic) => `${this.topicPrefix}${topic}`);
    // Topics another instance created a moment ago may not be known to every broker yet.
    if (topics.length > 0) await whileMetadataPending(() => consumer.subscribe({ ...(this.options.subscribe ?? {}), topics }));
    await consumer.run({
      ...(this.options.run ?? {}),
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const handler = batch.topic.startsWith(this.topicPrefix) ? this.getHandlerByPattern(batch.topic.slice(this.topicPrefix.length)) : null;
    if (!handler) {
      this.logger.error(`no handler for topic ${batch.topic}; its messages stay uncommitted`);
      return;
    }
    const partition = { topic: batch.topic, partition: String(batch.partition) };
    consumerBatchSize.observe({ topic: batch.topic }, batch.messages.length);
    // This batch included while it is handled: a handler stuck retrying shows as lag.
    consumerLag.set(partition, Number(batch.offsetLagLow()));
    const events = batch.messages.map((message) => incomingEventOf(batch.topic, batch.partition, message));
    const { traceparents, spans } = startProcessSpans(batch.topic, events);
    events.forEach((event, index) => (event.traceparent = traceparents[index]));
    let outcome: unknown;
    try {
      outcome = await handler(events, new EventBatchContext(batch.topic, batch.partition, heartbeat));
      if (isObservable(outcome)) outcome = await lastValueFrom(outcome, { defaultValue: undefined });
    } catch (error) {
      spans.end(error);
      throw error;
    }
    spans.end(outcome === 'aborted' ? 'aborted: left for redelivery' : undefined);
    if (outcome === 'aborted') return;
    resolveOffset(batch.messages[batch.messages.length - 1].offset);
    // With autoCommit off, kafkajs commits only offsets passed in explicitly.
    await commitUnlessUnreachable(() => commitOffsetsIfNecessary(uncommittedOffsets()), this.logger);
    consumerLag.set(partition, Number(batch.offsetLag()));
  }
}
