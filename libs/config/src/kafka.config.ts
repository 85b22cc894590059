import { ArrayNotEmpty, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvBool, EnvInt, EnvList, EnvString } from './env-transforms';

class KafkaEnv {
  @EnvList()
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @EnvString()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID may hold letters, digits, ".", "_" and "-"' })
  KAFKA_CLIENT_ID?: string;

  @EnvString()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, ".", "_" and "-"' })
  KAFKA_TOPIC_PREFIX = '';

  @EnvBool()
  @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL = false;

  @EnvString()
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SSL)
  @IsString({ message: 'KAFKA_SSL_CA_PATH is required when KAFKA_SSL=true' })
  KAFKA_SSL_CA_PATH?: string;

  @EnvString()
  @IsOptional()
  @IsString()
  KAFKA_SSL_CERT_PATH?: string;

  @EnvString()
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SSL_CERT_PATH !== undefined)
  @IsString({ message: 'KAFKA_SSL_KEY_PATH is required when KAFKA_SSL_CERT_PATH is set' })
  KAFKA_SSL_KEY_PATH?: string;

  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  KAFKA_CONNECTION_TIMEOUT_MS = 3000;

  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  KAFKA_REQUEST_TIMEOUT_MS = 10_000;

  // How long a dead letter waits for `npm run dlq:redrive` (the broker's default would drop it
  // after 7 days, unread): 30 days; -1 keeps them until redriven or deleted by hand.
  @EnvInt()
  @IsInt()
  @Min(-1)
  @Max(31_536_000_000)
  KAFKA_DLQ_RETENTION_MS = 2_592_000_000;
}

export const kafkaConfig = defineConfig('kafka', KafkaEnv, (env) => ({
  brokers: env.KAFKA_BROKERS,
  clientId: env.KAFKA_CLIENT_ID,
  topicPrefix: env.KAFKA_TOPIC_PREFIX,
  ssl: env.KAFKA_SSL
    ? { caPath: env.KAFKA_SSL_CA_PATH as string, certPath: env.KAFKA_SSL_CERT_PATH, keyPath: env.KAFKA_SSL_KEY_PATH }
    : undefined,
  connectionTimeoutMs: env.KAFKA_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: env.KAFKA_REQUEST_TIMEOUT_MS,
  deadLetterRetentionMs: env.KAFKA_DLQ_RETENTION_MS,
}));
