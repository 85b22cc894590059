import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '@app/common';
import { AuthErrorCode } from './auth-error-codes';
import { Role } from './auth-user';
import { AuthenticatedRequest, JwtAuthGuard } from './jwt-auth.guard';

const ROLES_KEY = 'auth:roles';

/** Lets a request through only with a valid token whose user has every one of the roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (required.every((role) => user?.roles.includes(role))) return true;
    throw new AppException(403, AuthErrorCode.FORBIDDEN, `This needs the role ${required.join(', ')}`);
  }
}

/** `@Roles('admin')`: a valid token (401 otherwise) of a user with the roles (403 otherwise). */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(JwtAuthGuard, RolesGuard));
}
