import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config';
import { EnvInt, EnvString } from './env-transforms';
import { IsProductionSecret } from './secrets';

class MongoEnv {
  @EnvString()
  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/.+\/[^/?]+/, {
    message: 'MONGO_URI must be a mongodb:// URI that names a database, e.g. mongodb://127.0.0.1:27017/retail',
  })
  @IsProductionSecret({ inUrl: true })
  MONGO_URI = 'mongodb://127.0.0.1:27017/retail';

  // Small on purpose: FerretDB on PostgreSQL gets no faster past ~10 connections per app.
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100)
  MONGO_MAX_POOL_SIZE = 10;

  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  MONGO_SERVER_SELECTION_TIMEOUT_MS = 3000;

  // Often enough that a short outage is noticed and the pool's dead sockets are dropped,
  // instead of each being found one failed call at a time after the server is back.
  @EnvInt()
  @IsInt()
  @Min(500)
  @Max(60_000)
  MONGO_HEARTBEAT_FREQUENCY_MS = 1000;

  // How long opening a connection (and each server-monitor check) may take.
  @EnvInt()
  @IsInt()
  @Min(500)
  @Max(60_000)
  MONGO_CONNECT_TIMEOUT_MS = 5000;
}

export const mongoConfig = defineConfig('mongo', MongoEnv, (env) => ({
  uri: env.MONGO_URI,
  maxPoolSize: env.MONGO_MAX_POOL_SIZE,
  serverSelectionTimeoutMS: env.MONGO_SERVER_SELECTION_TIMEOUT_MS,
  heartbeatFrequencyMS: env.MONGO_HEARTBEAT_FREQUENCY_MS,
  connectTimeoutMS: env.MONGO_CONNECT_TIMEOUT_MS,
}));
