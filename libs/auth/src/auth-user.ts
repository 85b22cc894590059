/** Who a verified token speaks for. */
export interface AuthUser {
  /** The user id: the token's `sub`, and the `userid` orders carry. */
  id: string;
  username: string;
}

export interface AccessTokenClaims {
  sub: string;
  username: string;
}
