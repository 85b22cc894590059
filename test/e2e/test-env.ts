/**
 * The environment of one e2e suite: global-setup gave the run its database and topic prefix;
 * a suite adds its own settings before it builds apps and gets the rest back afterwards.
 */
export class TestEnv {
  private saved?: NodeJS.ProcessEnv;

  /** Call in beforeAll, before creating an app: its config is read at boot. */
  set(overrides: Record<string, string>): void {
    this.saved ??= { ...process.env };
    Object.assign(process.env, overrides);
  }

  /** Call in afterAll. */
  restore(): void {
    if (this.saved) process.env = this.saved;
    this.saved = undefined;
  }
}

/** A topic's name in this run (`orders.placed` → `test-<run>.orders.placed`). */
export function topicOf(name: string): string {
  return `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${name}`;
}

/** The order processor's consumer group in this run. */
export function processorGroup(): string {
  return `${process.env.KAFKA_TOPIC_PREFIX ?? ''}order-processor`;
}

export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}
