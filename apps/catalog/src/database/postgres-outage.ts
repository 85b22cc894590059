/** Socket and pool errors node-postgres passes on when the server is unreachable. */
const SOCKET_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const OUTAGE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Query read timeout/i;
/**
 * SQLSTATEs of a server that is away or cannot take the call: class 08 (connection exception),
 * 57P01–57P03 (shut down, crashed, starting), 53300 (too many connections).
 */
const OUTAGE_STATE = /^(08...|57P0[1-3]|53300)$/;

/**
 * Whether an error (or its cause: Drizzle wraps the driver's error) says PostgreSQL is
 * unreachable, rather than that the statement was wrong.
 */
export function isPostgresOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_ERROR_CODES.has(code) || OUTAGE_STATE.test(code))) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
  }
  return false;
}
