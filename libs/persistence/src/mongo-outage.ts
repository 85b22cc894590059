const OUTAGE_ERROR = /Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared|Timeout|Interrupted/;
/**
 * Socket errors the driver can pass on as they are, unwrapped, when the server goes away in the
 * middle of a write (seen: EPIPE "This socket has been ended by the other party").
 */
const SOCKET_ERROR_CODES = new Set(['ETIMEDOUT', 'EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED']);

/**
 * FerretDB stopping in the middle of a command cancels the command's PostgreSQL work and answers
 * InternalError "context canceled" (seen in the system suite's database outage): the server going
 * away, not a bad request.
 */
const SERVER_SHUTTING_DOWN = /context canceled/;

/** Whether a MongoDB error says the database is unreachable (not that the request was wrong). */
export function isMongoOutage(error: unknown): boolean {
  const { name = '', code, codeName, message = '' } = (error ?? {}) as { name?: string; code?: unknown; codeName?: string; message?: string };
  if (OUTAGE_ERROR.test(name) || (typeof code === 'string' && SOCKET_ERROR_CODES.has(code))) return true;
  return codeName === 'InternalError' && SERVER_SHUTTING_DOWN.test(message);
}
