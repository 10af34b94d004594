/**
 * Which database errors are worth a retry (design/sync.md: "a transient failure aborts the batch; the client
 * retries"): a busy or locked SQLite file, a PostgreSQL that is away, restarting, out of resources, or that
 * chose this transaction as a deadlock or serialization victim. Anything else fails the same way every time.
 */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'ECONNREFUSED' || code === 'ECONNRESET')
    return true
  // PostgreSQL SQLSTATE: connection exceptions (08), serialization/deadlock (40), resources (53), shutdown (57P)
  return /^(08|40|53|57P)/.test(code)
}
