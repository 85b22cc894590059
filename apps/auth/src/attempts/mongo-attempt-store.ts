import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, mongo } from 'mongoose';
import { AttemptCount, AttemptStore } from './attempt-store';

interface AttemptDocument {
  key: string;
  at: Date;
}

/** Longest window any limit uses: attempts older than this are pruned. */
const KEEP_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * One document per attempt in `auth_attempts`. An insert per attempt, never an increment: on
 * FerretDB an update is read-modify-write, and two instances incrementing one counter would lose
 * attempts (an attacker's concurrency would multiply the limit).
 */
@Injectable()
export class MongoAttemptStore extends AttemptStore implements OnModuleInit, OnModuleDestroy {
  private pruner?: NodeJS.Timeout;

  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  private get attempts(): mongo.Collection<AttemptDocument> {
    return this.connection.collection<AttemptDocument>('auth_attempts');
  }

  async onModuleInit(): Promise<void> {
    await this.attempts.createIndex({ key: 1, at: 1 });
    this.pruner = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruner);
  }

  async hit(key: string, windowMs: number): Promise<AttemptCount> {
    await this.attempts.insertOne({ key, at: new Date() });
    return this.count(key, windowMs);
  }

  async count(key: string, windowMs: number): Promise<AttemptCount> {
    const now = Date.now();
    const inWindow = await this.attempts
      .find({ key, at: { $gte: new Date(now - windowMs) } }, { projection: { _id: 0, at: 1 } })
      .toArray();
    if (inWindow.length === 0) return { count: 0, retryInMs: 0 };
    // A loop, not Math.min(...): a window of a busy key can hold more values than a call takes arguments.
    let oldest = Infinity;
    for (const attempt of inWindow) oldest = Math.min(oldest, attempt.at.getTime());
    return { count: inWindow.length, retryInMs: Math.max(0, oldest + windowMs - now) };
  }

  private async prune(): Promise<void> {
    await this.attempts.deleteMany({ at: { $lt: new Date(Date.now() - KEEP_MS) } });
  }
}
