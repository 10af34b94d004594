import type { z } from 'zod'

/**
 * Bad input to a policy function. `field` names what was wrong (`start`, `plan.allowances.0.limit`), and so does
 * the message, so a form can put it next to the right input and a log line is readable on its own.
 */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError'
  readonly field: string

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.field = field
  }
}

/** Parses with a zod schema and turns the first issue into a PolicyInputError under `field`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const path = issue.path.map(String).join('.')
  throw new PolicyInputError(path ? `${field}.${path}` : field, issue.message)
}

export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'nothing'
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  return typeof value
}

export function requireNumber(
  value: unknown,
  field: string,
  opts: { integer?: boolean; min?: number } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PolicyInputError(field, `${quote(value)} is not a finite number`)
  }
  if (opts.integer && !Number.isInteger(value))
    throw new PolicyInputError(field, `${value} is not a whole number`)
  if (opts.min !== undefined && value < opts.min)
    throw new PolicyInputError(field, `${value} is less than ${opts.min}`)
  return value
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new PolicyInputError(field, `${quote(value)} is not true or false`)
  return value
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PolicyInputError(field, `${quote(value)} is not a non-empty string`)
  }
  return value
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new PolicyInputError(field, `${quote(value)} is not one of ${allowed.join(', ')}`)
  }
  return value as T
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyInputError(field, `${quote(value)} is not an object`)
  }
  return value as Record<string, unknown>
}

export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new PolicyInputError(field, `${quote(value)} is not a list`)
  return value
}
