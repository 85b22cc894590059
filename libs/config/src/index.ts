export * from './app-config.module';
export * from './define-config';
export * from './env-transforms';
export * from './http.config';
export * from './kafka.config';
export * from './logging.config';
export * from './mongo.config';
export * from './validate-env';
