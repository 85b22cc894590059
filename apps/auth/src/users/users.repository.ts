import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
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

  async create(username: string, passwordHash: string): Promise<StoredUser> {
    try {
      const created = await this.users.create({ username, usernameNormalized: normalizeUsername(username), passwordHash });
      return { id: String(created._id), username, passwordHash };
    } catch (error) {
      if (error instanceof mongo.MongoServerError && error.code === 11000) throw new UsernameTakenError();
      throw error;
    }
  }

  async findByUsername(username: string): Promise<StoredUser | undefined> {
    const user = await this.users
      .findOne({ usernameNormalized: normalizeUsername(username) }, { username: 1, passwordHash: 1 })
      .lean()
      .exec();
    return user ? { id: String(user._id), username: user.username, passwordHash: user.passwordHash } : undefined;
  }
}
