/**
 * The one error type the HTTP layer turns into `{ error: { code, message, field? } }` (design/sync.md).
 * Anything else thrown becomes a 500 (or a 503 for a database that is busy or away) with no detail.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
