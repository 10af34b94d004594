/** Zod issues as messages keyed by the form field they belong to, so each error shows next to its field. */
import type { z } from 'zod'

export type FieldErrors = Record<string, string>

/** `['hours', 'mon', 1, 'end']` → `hours.mon.1.end`; the whole value is `form`. */
export function pathKey(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? 'form' : path.map(String).join('.')
}

/** The first message for each field wins: it is the one the user must fix first. */
export function issuesByField(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  rename: (key: string) => string = (k) => k,
): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const key = rename(pathKey(issue.path))
    if (!(key in out)) out[key] = issue.message
  }
  return out
}
