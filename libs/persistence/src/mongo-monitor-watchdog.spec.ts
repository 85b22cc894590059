import { EventEmitter } from 'node:events';
import type { Connection, ConnectOptions } from 'mongoose';
import { MongoMonitorWatchdog } from './mongo-monitor-watchdog';

const config = { uri: 'mongodb://127.0.0.1:27017/test_db', maxPoolSize: 10, serverSelectionTimeoutMS: 1000, heartbeatFrequencyMS: 1000, connectTimeoutMS: 5000 };
const options: ConnectOptions = { heartbeatFrequencyMS: 1000, connectTimeoutMS: 5000 };

function setup() {
  let client = new EventEmitter();
  const connection = {
    getClient: () => client,
    close: jest.fn(async () => undefined),
    openUri: jest.fn(async () => {
      client = new EventEmitter();
    }),
  };
  const watchdog = new MongoMonitorWatchdog(connection as unknown as Connection, config as never, options);
  return { watchdog, connection, client: () => client };
}

describe('MongoMonitorWatchdog', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('leaves a connection alone while its monitor reports heartbeats', async () => {
    const { watchdog, connection, client } = setup();
    watchdog.onModuleInit();
    for (let second = 0; second < 30; second++) {
      client().emit(second % 2 ? 'serverHeartbeatSucceeded' : 'serverHeartbeatFailed');
      await jest.advanceTimersByTimeAsync(1000);
    }
    expect(connection.close).not.toHaveBeenCalled();
    watchdog.onApplicationShutdown();
  });

  it('reopens the connection once the monitor has been silent past connect timeout + 3 heartbeats, then watches the new client', async () => {
    const { watchdog, connection, client } = setup();
    watchdog.onModuleInit();
    client().emit('serverHeartbeatStarted');
    await jest.advanceTimersByTimeAsync(watchdog.stuckAfterMs);
    expect(connection.close).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1000);
    expect(connection.close).toHaveBeenCalledTimes(1);
    expect(connection.openUri).toHaveBeenCalledWith(config.uri, options);

    // The new client's heartbeats keep it from being reopened again.
    for (let second = 0; second < 20; second++) {
      client().emit('serverHeartbeatSucceeded');
      await jest.advanceTimersByTimeAsync(1000);
    }
    expect(connection.openUri).toHaveBeenCalledTimes(1);
    watchdog.onApplicationShutdown();
  });
});
