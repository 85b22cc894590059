import { Module } from '@nestjs/common';
import { AttemptLimiter } from './attempt-limiter';
import { AttemptStore } from './attempt-store';
import { MongoAttemptStore } from './mongo-attempt-store';

@Module({
  providers: [{ provide: AttemptStore, useClass: MongoAttemptStore }, AttemptLimiter],
  exports: [AttemptLimiter],
})
export class AttemptsModule {}
