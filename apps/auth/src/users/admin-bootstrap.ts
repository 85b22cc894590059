import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { authConfig } from '../auth.config';
import { UsersService } from './users.service';

/**
 * Makes sure the administrator of ADMIN_USERNAME / ADMIN_PASSWORD exists with the admin role.
 * An existing user of that name gets the role only when ADMIN_PASSWORD is its password; else
 * auth does not start (AdminPasswordMismatchError says why), and the role is given to no one.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const outcome = await this.users.ensureAdmin(admin.username, admin.password);
    this.logger.log({ username: admin.username, outcome }, `administrator ${admin.username}: ${outcome}`);
  }
}
