import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Types } from 'mongoose';
import { sign } from 'jsonwebtoken';
import { REPO_ROOT } from './servers';

/**
 * A real RS256 access token for a user, signed with the development key exactly as
 * apps/auth signs it (issuer, audience, claims), for suites that do not boot apps/auth.
 */
export function accessTokenFor(userId = new Types.ObjectId().toHexString(), username = `user-${userId.slice(-6)}`, roles: string[] = []): string {
  return sign({ sub: userId, username, roles }, readFileSync(resolve(REPO_ROOT, 'certs', 'jwt-private.pem'), 'utf8'), {
    algorithm: 'RS256',
    issuer: process.env.JWT_ISSUER ?? 'retail-order-platform/auth',
    audience: process.env.JWT_AUDIENCE ?? 'retail-order-platform',
    expiresIn: 600,
  });
}

export function newUser(): { id: string; token: string } {
  const id = new Types.ObjectId().toHexString();
  return { id, token: accessTokenFor(id) };
}

/** A user with the admin role, as ADMIN_USERNAME's token carries it. */
export function newAdmin(): { id: string; token: string } {
  const id = new Types.ObjectId().toHexString();
  return { id, token: accessTokenFor(id, `admin-${id.slice(-6)}`, ['admin']) };
}
