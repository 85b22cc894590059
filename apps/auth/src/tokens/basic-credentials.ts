export interface BasicCredentials {
  username: string;
  password: string;
}

// RFC 7617 §2: neither the user-id nor the password may hold a control character.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Longer than any user name (64) and password (128) can make, with room for multi-byte UTF-8. */
const MAX_TOKEN_LENGTH = 1024;

/**
 * The credentials of an `Authorization: Basic …` header, as RFC 7617 reads them: the decoded
 * user-pass is split at its first colon, so a password may hold colons (passport-http splits
 * at every one and kept only the second piece). Undefined for anything else — another scheme,
 * bad base64, no colon, an empty part, a control character — which the caller answers as a
 * wrong password, never as a server error.
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (!header) return undefined;
  const match = /^Basic +(\S+) *$/i.exec(header);
  if (!match || match[1].length > MAX_TOKEN_LENGTH || !BASE64.test(match[1])) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (CONTROL.test(username) || CONTROL.test(password) || decoded.includes('\ufffd')) return undefined;
  return { username, password };
}
