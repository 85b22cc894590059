import { call } from './api';

/** Who is signed in: kept in the page's memory only (never localStorage): a reload signs out. */
export interface Session {
  token: string;
  id: string;
  username: string;
  isAdmin: boolean;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const { data } = await call<{ access_token: string }>('/api/token', { basic: { username, password } });
  const me = await call<{ id: string; username: string; roles?: string[] }>('/api/users/me', { token: data.access_token });
  // The roles are the token's; the page only uses them to show the admin's tab (the server decides).
  const claims = JSON.parse(atob(data.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { roles?: string[] };
  return { token: data.access_token, id: me.data.id, username: me.data.username, isAdmin: (claims.roles ?? []).includes('admin') };
}

export async function register(username: string, password: string): Promise<void> {
  await call('/api/users', { method: 'POST', body: { username, password } });
}
