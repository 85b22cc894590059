import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id hashing, and a decoy hash so an unknown user costs as much time as a wrong password. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private decoyHash: string;

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash(randomBytes(24).toString('base64'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
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
