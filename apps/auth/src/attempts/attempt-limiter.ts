import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AppException, CommonErrorCode } from '@app/common';
import { authConfig } from '../auth.config';
import { AttemptCount, AttemptStore } from './attempt-store';

/**
 * The limits of auth's costly and guessable calls, per client address and per account, counted
 * in the shared store (AttemptStore) so that two instances do not double them:
 * - registrations per client (each costs an argon2id hash);
 * - token requests per client and user name (a brute-force run on one account);
 * - failed sign-ins per client across names (password spraying) and per account across clients.
 */
@Injectable()
export class AttemptLimiter {
  constructor(
    private readonly store: AttemptStore,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async registration(client: string): Promise<void> {
    const { registrationLimit, registrationWindowMs } = this.config;
    refuseOver(await this.store.hit(`register|${client}`, registrationWindowMs), registrationLimit);
  }

  /** Before a password is checked: every token request counts, and earlier failures may refuse it. */
  async signIn(client: string, username: string | undefined): Promise<void> {
    const { tokenRateLimit, tokenRateWindowMs, failuresPerClient, failuresPerAccount, failureWindowMs } = this.config;
    const name = username?.toLowerCase() ?? '';
    refuseOver(await this.store.hit(`token|${client}|${name}`, tokenRateWindowMs), tokenRateLimit);
    refuseOver(await this.store.count(`failed|client|${client}`, failureWindowMs), failuresPerClient - 1);
    if (name) refuseOver(await this.store.count(`failed|account|${name}`, failureWindowMs), failuresPerAccount - 1);
  }

  async signInFailed(client: string, username: string): Promise<void> {
    const { failureWindowMs } = this.config;
    await Promise.all([this.store.hit(`failed|client|${client}`, failureWindowMs), this.store.hit(`failed|account|${username.toLowerCase()}`, failureWindowMs)]);
  }
}

function refuseOver({ count, retryInMs }: AttemptCount, limit: number): void {
  if (count <= limit) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(retryInMs / 1000));
  throw new AppException(429, CommonErrorCode.RATE_LIMITED, 'Too many attempts: try again later', { headers: { 'Retry-After': String(retryAfterSeconds) } });
}
