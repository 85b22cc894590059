import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import { mongoConfig } from '@app/config';
import type { Connection, ConnectOptions } from 'mongoose';

const HEARTBEAT_EVENTS = ['serverHeartbeatStarted', 'serverHeartbeatSucceeded', 'serverHeartbeatFailed'] as const;

/** Connection options a reconnect must repeat (the ones PersistenceModule connects with). */
export const MONGO_CONNECT_OPTIONS = Symbol('MONGO_CONNECT_OPTIONS');

/**
 * Reopens the connection when the driver's server monitor has gone silent. Seen here (mongodb
 * 6.20 against FerretDB): after the server went away, the monitor reported nothing more, the
 * server stayed "unknown" and every call failed server selection long after the server was
 * back. A live monitor reports a heartbeat at least every heartbeatFrequencyMS, and a check
 * ends within connectTimeoutMS; silence well past both means it is stuck, and only a new
 * client starts a new one.
 */
@Injectable()
export class MongoMonitorWatchdog implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MongoMonitorWatchdog.name);
  private lastHeartbeatAt = Date.now();
  private timer?: NodeJS.Timeout;
  private reconnecting?: Promise<void>;
  private watchedClient?: unknown;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(mongoConfig.KEY) private readonly config: ConfigType<typeof mongoConfig>,
    @Inject(MONGO_CONNECT_OPTIONS) private readonly connectOptions: ConnectOptions,
  ) {}

  /** Silence longer than this means the monitor is stuck. */
  get stuckAfterMs(): number {
    return this.config.connectTimeoutMS + 3 * this.config.heartbeatFrequencyMS;
  }

  onModuleInit(): void {
    this.watchClient();
    this.timer = setInterval(() => void this.check(), this.config.heartbeatFrequencyMS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Exposed for tests: one look at the monitor. */
  async check(): Promise<void> {
    this.watchClient();
    const silentMs = Date.now() - this.lastHeartbeatAt;
    if (silentMs <= this.stuckAfterMs || this.reconnecting) return;
    this.logger.warn({ silentMs }, `MongoDB server monitor silent for ${silentMs} ms; reconnecting`);
    this.reconnecting = this.reconnect().finally(() => (this.reconnecting = undefined));
    await this.reconnecting;
  }

  private async reconnect(): Promise<void> {
    try {
      // Not forced: mongoose refuses every later call on a connection that was force-closed.
      await this.connection.close();
      await this.connection.openUri(this.config.uri, this.connectOptions);
      this.logger.log('MongoDB connection reopened');
    } catch (error) {
      this.logger.warn({ err: error }, 'MongoDB reconnect failed; trying again later');
    } finally {
      this.lastHeartbeatAt = Date.now();
      this.watchClient();
    }
  }

  /** The client changes when the connection is reopened; listen to the current one. */
  private watchClient(): void {
    const client = this.connection.getClient();
    if (!client || client === this.watchedClient) return;
    this.watchedClient = client;
    for (const event of HEARTBEAT_EVENTS) client.on(event, () => (this.lastHeartbeatAt = Date.now()));
  }
}
