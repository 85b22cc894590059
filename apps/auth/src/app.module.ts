import { Module } from '@nestjs/common';
import { AuthLibModule } from '@app/auth';
import { AppConfigModule, httpConfig, jwtSignConfig, jwtVerifyConfig, loggingConfig, mongoConfig } from '@app/config';
import { LoggingModule } from '@app/common';
import { HealthModule } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { MongoReadinessCheck, PersistenceModule } from '@app/persistence';
import { authConfig } from './auth.config';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

export const APP_NAME = 'auth';

@Module({
  imports: [
    AppConfigModule.forRoot([
      httpConfig('AUTH_PORT', 3001),
      mongoConfig,
      loggingConfig,
      jwtVerifyConfig,
      jwtSignConfig,
      authConfig,
    ]),
    LoggingModule.forRoot(APP_NAME),
    ObservabilityModule.forRoot(),
    PersistenceModule.forRoot(),
    // auth uses no broker: ready means MongoDB answers.
    HealthModule.forRoot({ readinessChecks: [MongoReadinessCheck] }),
    AuthLibModule,
    UsersModule,
    TokensModule,
  ],
})
export class AuthAppModule {}
