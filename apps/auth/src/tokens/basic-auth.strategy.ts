import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthUser } from '@app/auth';
import { BasicStrategy } from 'passport-http';
import { UsersService } from '../users/users.service';

/** passport-http's Basic scheme; a failed check is answered by BasicAuthGuard. */
@Injectable()
export class BasicAuthStrategy extends PassportStrategy(BasicStrategy, 'basic') {
  constructor(private readonly users: UsersService) {
    super();
  }

  async validate(username: string, password: string): Promise<AuthUser | false> {
    return (await this.users.authenticate(username, password)) ?? false;
  }
}
