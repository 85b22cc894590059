import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '@app/common';
import { Role } from './auth-user';
import { RolesGuard } from './roles.guard';

function contextFor(roles: Role[] | undefined, required: Role[] | undefined): { guard: RolesGuard; context: ExecutionContext } {
  const reflector = { getAllAndOverride: () => required } as unknown as Reflector;
  const request = { user: roles === undefined ? undefined : { id: 'u', username: 'u', roles } };
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { guard: new RolesGuard(reflector), context };
}

describe('RolesGuard', () => {
  it('lets an admin through to an admin-only route', () => {
    const { guard, context } = contextFor(['admin'], ['admin']);
    expect(guard.canActivate(context)).toBe(true);
  });

  it('refuses a user without the role with 403 AUTH.FORBIDDEN', () => {
    const { guard, context } = contextFor([], ['admin']);
    expect(() => guard.canActivate(context)).toThrow(AppException);
    expect(() => guard.canActivate(context)).toThrow(expect.objectContaining({ code: 'AUTH.FORBIDDEN', status: 403 }));
  });

  it('lets anyone with a token through where no role is named', () => {
    const { guard, context } = contextFor([], undefined);
    expect(guard.canActivate(context)).toBe(true);
  });
});
