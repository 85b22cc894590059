import { httpConfig } from './http.config';
import { kafkaConfig } from './kafka.config';
import { mongoConfig } from './mongo.config';
import { InvalidEnvironmentError, validateEnv } from './validate-env';

describe('validateEnv', () => {
  it('keeps the declared defaults when variables are unset or blank', () => {
    const env = validateEnv(mongoConfig.envClass, { MONGO_MAX_POOL_SIZE: '  ' });
    expect(env).toMatchObject({
      MONGO_URI: 'mongodb://127.0.0.1:27017/retail',
      MONGO_MAX_POOL_SIZE: 10,
      MONGO_SERVER_SELECTION_TIMEOUT_MS: 3000,
    });
  });

  it('converts numbers, booleans and lists from their string form', () => {
    const env = validateEnv(kafkaConfig.envClass, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_PATH: '/certs/ca.crt',
      KAFKA_REQUEST_TIMEOUT_MS: '2500',
    });
    expect(env).toMatchObject({ KAFKA_BROKERS: ['a:9092', 'b:9093'], KAFKA_SSL: true, KAFKA_REQUEST_TIMEOUT_MS: 2500 });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      validateEnv(kafkaConfig.envClass, { KAFKA_BROKERS: 'no-port', KAFKA_SSL: 'maybe', KAFKA_REQUEST_TIMEOUT_MS: '1e3' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('KAFKA_SSL must be true or false');
    expect(message).toContain('KAFKA_REQUEST_TIMEOUT_MS');
  });

  it('requires the CA when SSL is on', () => {
    expect(() => validateEnv(kafkaConfig.envClass, { KAFKA_SSL: '1' })).toThrow(/KAFKA_SSL_CA_PATH is required/);
  });

  it('rejects a Mongo URI without a database name', () => {
    expect(() => validateEnv(mongoConfig.envClass, { MONGO_URI: 'mongodb://127.0.0.1:27017' })).toThrow(/MONGO_URI/);
  });

  it('reads each app its own port variable with its own default', () => {
    const ordersHttp = httpConfig('ORDERS_PORT', 3000);
    const authHttp = httpConfig('AUTH_PORT', 3001);
    expect(validateEnv(ordersHttp.envClass, {})).toMatchObject({ ORDERS_PORT: 3000, HTTP_HOST: '127.0.0.1' });
    expect(validateEnv(authHttp.envClass, { AUTH_PORT: '4001' })).toMatchObject({ AUTH_PORT: 4001 });
    expect(() => validateEnv(authHttp.envClass, { AUTH_PORT: '70000' })).toThrow(/AUTH_PORT/);
  });
});
