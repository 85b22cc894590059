/** Registers a fresh user on apps/auth and returns its id and an access token. */
export async function registerBenchUser(authUrl: string, username: string): Promise<{ id: string; token: string }> {
  const password = 'bench-password-not-secret';
  const registered = await fetch(`${authUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const { id } = (await registered.json()) as { id: string };
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  const issued = await fetch(`${authUrl}/api/token`, { headers: { authorization: `Basic ${basic}` } });
  if (issued.status !== 200) throw new Error(`token answered ${issued.status}`);
  const { access_token } = (await issued.json()) as { access_token: string };
  return { id, token: access_token };
}
