import { Module } from '@nestjs/common';
import { AppConfigModule, httpConfig, kafkaConfig, loggingConfig, mongoConfig } from '@app/config';
import { LoggingModule } from '@app/common';
import { HealthModule } from '@app/health';
import { MessagingModule } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';

export const APP_NAME = 'auth';

@Module({
  imports: [
    AppConfigModule.forRoot([httpConfig('AUTH_PORT', 3001), mongoConfig, kafkaConfig, loggingConfig]),
    LoggingModule.forRoot(APP_NAME),
    PersistenceModule.forRoot(),
    MessagingModule.forRoot(APP_NAME),
    HealthModule.forRoot(),
  ],
})
export class AuthAppModule {}
