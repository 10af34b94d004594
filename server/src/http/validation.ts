/**
 * Every body and query goes through a zod schema; the first problem becomes a 400 that names the field by its
 * path (`mutations.3.mid`), so a client (or a person with curl) knows exactly what to fix.
 */
import type { z } from 'zod'
import { ApiError } from '../errors'

export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: 'body' | 'query' = 'body',
): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : what
  const message = issue ? `${field}: ${issue.message}` : `${what} is invalid`
  throw new ApiError(400, 'invalid', message, field)
}
