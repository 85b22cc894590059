import { readFileSync } from 'node:fs';
import { kafkaConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { KafkaConfig, logLevel, LogEntry } from 'kafkajs';

export type KafkaSettings = ConfigType<typeof kafkaConfig>;

const levelNames: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through the app's logger (JSON lines), not its own console format. */
function nestLogCreator() {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...extra } = log;
      new Logger(`kafkajs:${namespace}`)[levelNames[level] ?? 'log']({ ...extra }, message);
    };
}

/** The kafkajs client settings of an app, from the validated `kafka` config namespace. */
export function buildKafkaClientConfig(settings: KafkaSettings, defaultClientId: string): KafkaConfig {
  return {
    clientId: settings.clientId ?? defaultClientId,
    brokers: settings.brokers,
    ssl: settings.ssl
      ? {
          ca: [readFileSync(settings.ssl.caPath, 'utf8')],
          cert: settings.ssl.certPath ? readFileSync(settings.ssl.certPath, 'utf8') : undefined,
          key: settings.ssl.keyPath ? readFileSync(settings.ssl.keyPath, 'utf8') : undefined,
          rejectUnauthorized: true,
        }
      : undefined,
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Bounded, so a send or a reconnect gives up within seconds instead of retrying for
    // half a minute in the background (the outbox relies on a send ending well within its lease).
    retry: { retries: 4, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator(),
  };
}
