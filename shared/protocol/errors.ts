/**
 * The one shape of "what went wrong" (design/sync.md): the `error` of a refused mutation in a push answer, and
 * the body `{ error: … }` of every HTTP error answer. `code` is a short stable word a client may act on,
 * `message` is written for the user, `field` is the path of the input at fault (`mutations.3.mid`,
 * `args.minutes`) when one is.
 */
import { z } from 'zod'

export const errorDetailSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
})
export type ErrorDetail = z.infer<typeof errorDetailSchema>

export const errorBodySchema = z.object({ error: errorDetailSchema })
export type ErrorBody = z.infer<typeof errorBodySchema>

/** An error detail with `field` left out when there is none (the JSON then has no `field` key at all). */
export function errorDetail<C extends string>(
  code: C,
  message: string,
  field?: string,
): { code: C; message: string; field?: string } {
  return field === undefined || field === '' ? { code, message } : { code, message, field }
}

/** The body of an HTTP error answer. */
export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: errorDetail(code, message, field) }
}
