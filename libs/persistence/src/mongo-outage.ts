const OUTAGE_ERROR = /Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared|Timeout|Interrupted/;

/** Whether a MongoDB error says the database is unreachable (not that the request was wrong). */
export function isMongoOutage(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const code = (error as { code?: unknown } | undefined)?.code;
  return OUTAGE_ERROR.test(name) || code === 'ETIMEDOUT';
}
