import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { PasswordHasher } from './password-hasher.service';
import { AdminPasswordMismatchError, UserAlreadyExistsError } from './users.errors';
import { UsernameTakenError, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async register(username: string, password: string): Promise<AuthUser> {
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.users.create(username, passwordHash);
      return { id: user.id, username: user.username, roles: user.roles };
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new UserAlreadyExistsError();
      throw error;
    }
  }

  /** The user when the password matches; undefined for a wrong password and an unknown user alike. */
  async authenticate(username: string, password: string): Promise<AuthUser | undefined> {
    const user = await this.users.findByUsername(username);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    return valid && user ? { id: user.id, username: user.username, roles: user.roles } : undefined;
  }

  /**
   * The administrator of the environment: created with the admin role, or — when a user of that
   * name exists — given the role only if the configured password is that user's. Whoever
   * registered the name first must not become administrator by it.
   */
  async ensureAdmin(username: string, password: string): Promise<'created' | 'exists'> {
    let existing = await this.users.findByUsername(username);
    if (!existing) {
      try {
        await this.users.create(username, await this.hasher.hash(password), ['admin']);
        return 'created';
      } catch (error) {
        // Another auth instance created it meanwhile.
        if (!(error instanceof UsernameTakenError)) throw error;
        existing = await this.users.findByUsername(username);
      }
    }
    if (!(await this.hasher.verify(existing?.passwordHash, password))) throw new AdminPasswordMismatchError(username);
    if (!existing?.roles.includes('admin')) await this.users.grantRole(username, 'admin');
    return 'exists';
  }
}
