import { DynamicModule, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mongoConfig } from '@app/config';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import mongoose, { ConnectOptions } from 'mongoose';
import { MONGO_CONNECT_OPTIONS, MongoMonitorWatchdog } from './mongo-monitor-watchdog';
import { MongoReadinessCheck } from './mongo-readiness.check';

// Filters built from request data can never smuggle in query operators ({"$ne": ...}).
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/** The driver options of the connection, also used when the watchdog reopens it. */
function connectOptions(mongo: ConfigType<typeof mongoConfig>): ConnectOptions {
  return {
    maxPoolSize: mongo.maxPoolSize,
    serverSelectionTimeoutMS: mongo.serverSelectionTimeoutMS,
    heartbeatFrequencyMS: mongo.heartbeatFrequencyMS,
    connectTimeoutMS: mongo.connectTimeoutMS,
    bufferCommands: false,
    autoIndex: true,
  };
}

/**
 * The one MongoDB connection of an app. Commands are not buffered: with the database down
 * a call fails at once (and trips its breaker) instead of queueing behind a reconnect.
 */
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TerminusModule,
        MongooseModule.forRootAsync({
          inject: [mongoConfig.KEY],
          useFactory: (mongo: ConfigType<typeof mongoConfig>) => ({
            uri: mongo.uri,
            ...connectOptions(mongo),
            retryAttempts: 5,
            retryDelay: 2000,
          }),
        }),
      ],
      providers: [
        { provide: MONGO_CONNECT_OPTIONS, inject: [mongoConfig.KEY], useFactory: connectOptions },
        MongoMonitorWatchdog,
        MongoReadinessCheck,
      ],
      exports: [MongooseModule, MongoReadinessCheck],
    };
  }
}
