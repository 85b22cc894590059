/** Who a verified token speaks for. */
export interface AuthUser {
  /** The user id: the token's `sub`, and the `userid` orders carry. */
  id: string;
  username: string;
  /** What the user may do beyond their own orders (`admin`: write the catalog). */
  roles: Role[];
}

export const ROLES = ['admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessTokenClaims {
  sub: string;
  username: string;
  /** Absent in tokens issued before roles existed: no roles. */
  roles?: Role[];
}
