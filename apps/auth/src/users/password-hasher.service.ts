import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * OWASP's second argon2id setting (19 MiB, 2 passes) instead of the library's 64 MiB: as
 * strong by its guidance, and each hash in flight (up to libuv's 4 threads) holds its memory,
 * so 64 MiB let a burst of logins grow the process by 256 MB. Hashes made with other settings
 * carry them and still verify.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hashing, and a decoy hash so an unknown user costs as much time as a wrong password. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private decoyHash: string;

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash(randomBytes(24).toString('base64'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await argon2.verify(hash ?? this.decoyHash, password);
      return matches && hash !== undefined;
    } catch {
      return false;
    }
  }
}
