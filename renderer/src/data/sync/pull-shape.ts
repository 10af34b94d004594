/**
 * The pull answer checked without copying it. shared/protocol's zod schema builds a new object for every change
 * and every row (a bootstrap page is 10,000 of them, and that cost more than the JSON parse and the IndexedDB
 * write together); this walks the same shape in place and hands the parsed JSON on as it is. Anything it does
 * not accept goes through the schema, which gives the error (or, should this check be stricter than the schema,
 * the answer).
 */
import { syncedTables } from '@shared/mutations/store'
import type { PullResponse } from '@shared/protocol'

const tables = new Set<string>(syncedTables)

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

/** `body` as a PullResponse when it has exactly the schema's shape, else null (let the schema judge it). */
export function asPullResponse(body: unknown): PullResponse | null {
  if (!isObject(body)) return null
  const { changes, cursor, lastMutationId, epoch, more } = body
  if (!Number.isInteger(cursor) || !Number.isInteger(lastMutationId)) return null
  if (typeof epoch !== 'string' || typeof more !== 'boolean' || !Array.isArray(changes)) return null
  for (const c of changes as unknown[]) {
    if (!isObject(c) || typeof c.table !== 'string' || !tables.has(c.table) || typeof c.id !== 'string')
      return null
    if (!Number.isInteger(c.version)) return null
    // the schema's two forms: a row (an object), or a tombstone (deleted: true and no row); a change carrying
    // anything else the schema would strip is left to it
    if ('row' in c) {
      if (!isObject(c.row) || Object.keys(c).length !== 4) return null
    } else if (c.deleted !== true || Object.keys(c).length !== 4) return null
  }
  if (Object.keys(body).length !== 5) return null
  return body as unknown as PullResponse
}
