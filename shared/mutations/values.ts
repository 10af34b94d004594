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

/**
 * A deep copy of a JSON value with exactly the result of `JSON.parse(JSON.stringify(value))`: `undefined`
 * fields dropped, `undefined` in arrays and non-finite numbers become null, -0 becomes 0. Written out because a
 * mutation copies rows several times and the round trip through text was half of a mutation's cost on the
 * server; anything that is not plain data (a toJSON method, a class instance, a bigint) takes the round trip.
 */
export function cloneRow<T>(value: T): T {
  if (value === undefined) throw new TypeError('cloneRow: undefined is not a JSON value')
  return copyJson(value) as T
}

const objectProto = Object.prototype

function copyJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null
    case 'object': {
      if (value === null) return null
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length)
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i]
          out[i] =
            item === undefined || typeof item === 'function' || typeof item === 'symbol'
              ? null
              : copyJson(item)
        }
        return out
      }
      const proto: unknown = Object.getPrototypeOf(value)
      if (
        (proto !== objectProto && proto !== null) ||
        typeof (value as { toJSON?: unknown }).toJSON === 'function'
      )
        return JSON.parse(JSON.stringify(value)) as unknown
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(value)) {
        const field: unknown = (value as Record<string, unknown>)[key]
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue
        out[key] = copyJson(field)
      }
      return out
    }
    default:
      // bigint throws as JSON.stringify does; functions and symbols have no JSON form
      return JSON.parse(JSON.stringify(value) ?? 'null') as unknown
  }
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
