/**
 * Value helpers for rows. Rows are JSON: a SQL store cannot tell a missing column from a NULL one, so `null`
 * and `undefined` compare equal here, and mutators write `null` for "no value", never `undefined`.
 */

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || a === undefined) return b === null || b === undefined
  if (b === null || b === undefined) return false
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)])
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false
  return true
}

/** A deep copy of a JSON value (rows never hold functions, dates or cycles); `undefined` fields are dropped. */
export function cloneRow<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** Instants compare as epoch milliseconds (any offset is accepted on input). */
export function instantMs(iso: string): number {
  return Date.parse(iso)
}

export function isBefore(a: string, b: string): boolean {
  return instantMs(a) < instantMs(b)
}

/** Sorted, de-duplicated copy (sets stored as arrays stay deterministic). */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort()
}
