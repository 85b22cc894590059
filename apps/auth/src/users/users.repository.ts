import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Role, ROLES } from '@app/auth';
import { isDuplicateKey } from '@app/persistence';
import { User } from './schemas/user.schema';

export class UsernameTakenError extends Error {
  constructor() {
    super('username already taken');
  }
}

export interface StoredUser {
  id: string;
  username: string;
  passwordHash: string;
  roles: Role[];
}

function knownRoles(stored: string[] | undefined): Role[] {
  return (stored ?? []).filter((role): role is Role => (ROLES as readonly string[]).includes(role));
}

export function normalizeUsername(username: string): string {
  return username.toLowerCase();
}

@Injectable()
export class UsersRepository implements OnModuleInit {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** The unique index must exist before the first registration is served. */
  async onModuleInit(): Promise<void> {
    await this.users.init();
  }

  async create(username: string, passwordHash: string, roles: Role[] = []): Promise<StoredUser> {
    try {
      const created = await this.users.create({ username, usernameNormalized: normalizeUsername(username), passwordHash, roles });
      return { id: String(created._id), username, passwordHash, roles };
    } catch (error) {
      if (isDuplicateKey(error)) throw new UsernameTakenError();
      throw error;
    }
  }

  async findByUsername(username: string): Promise<StoredUser | undefined> {
    const user = await this.users
      .findOne({ usernameNormalized: normalizeUsername(username) }, { username: 1, passwordHash: 1, roles: 1 })
      .lean()
      .exec();
    return user ? { id: String(user._id), username: user.username, passwordHash: user.passwordHash, roles: knownRoles(user.roles) } : undefined;
  }

  /** Adds a role (read-modify-write is fine here: only the start-up bootstrap calls it). */
  async grantRole(username: string, role: Role): Promise<void> {
    await this.users.updateOne({ usernameNormalized: normalizeUsername(username) }, { $addToSet: { roles: role } }).exec();
  }
}
