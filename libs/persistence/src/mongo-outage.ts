const OUTAGE_ERROR = /Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared|Timeout|Interrupted/;
/**
 * Socket errors the driver can pass on as they are, unwrapped, when the server goes away in the
 * middle of a write (seen: EPIPE "This socket has been ended by the other party").
 */
const SOCKET_ERROR_CODES = new Set(['ETIMEDOUT', 'EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED']);

/** Whether a MongoDB error says the database is unreachable (not that the request was wrong). */
export function isMongoOutage(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const code = (error as { code?: unknown } | undefined)?.code;
  return OUTAGE_ERROR.test(name) || (typeof code === 'string' && SOCKET_ERROR_CODES.has(code));
}
