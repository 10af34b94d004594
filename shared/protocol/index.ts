/**
 * The sync wire format, version 1 (design/sync.md). Both the server and the client validate with these schemas.
 */
import { z } from 'zod'
import { errorDetailSchema } from './errors'
import { maxPushMutations } from './limits'
import { reasonSchema } from './reasons'
import { rowRefSchema } from './rows'

export * from './errors'
export * from './limits'
export * from './reasons'
export * from './rows'

export const protocolVersion = 1 as const

export const mutationSchema = z.object({
  mid: z.number().int().positive(),
  name: z.string().min(1).max(100),
  mv: z.number().int().positive(),
  args: z.unknown(),
  /** the client's clock: audit only, never used for ordering */
  at: z.string().max(40),
})
export type Mutation = z.infer<typeof mutationSchema>

export const pushRequestSchema = z.object({
  protocol: z.literal(protocolVersion),
  clientId: z.string().uuid(),
  mutations: z.array(mutationSchema).max(maxPushMutations),
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export const mutationStatusSchema = z.enum(['applied', 'conflict', 'rejected'])
export type MutationStatus = z.infer<typeof mutationStatusSchema>

export const mutationResultSchema = z.object({
  mid: z.number().int(),
  status: mutationStatusSchema,
  flags: z.array(z.string()).optional(),
  reasons: z.array(reasonSchema).optional(),
  error: errorDetailSchema.optional(),
})
export type MutationResult = z.infer<typeof mutationResultSchema>

export const pushResponseSchema = z.object({
  lastMutationId: z.number().int(),
  results: z.array(mutationResultSchema),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

export const changeSchema = z.union([
  rowRefSchema.extend({ version: z.number().int(), row: z.record(z.string(), z.unknown()) }),
  rowRefSchema.extend({ version: z.number().int(), deleted: z.literal(true) }),
])
export type Change = z.infer<typeof changeSchema>

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.number().int(),
  lastMutationId: z.number().int(),
  epoch: z.string(),
  more: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

export const pokeSchema = z.object({ type: z.literal('poke'), version: z.number().int() })
export type Poke = z.infer<typeof pokeSchema>

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
})
export const userInfoSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(['admin', 'engineer']),
  teams: z.array(z.string()),
})
export type UserInfo = z.infer<typeof userInfoSchema>
export const loginResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  user: userInfoSchema,
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

/** `POST /v1/auth/refresh`: a new pair; `user` is added when the server sends it (role and teams may change). */
export const refreshResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  user: userInfoSchema.optional(),
})
export type RefreshResponse = z.infer<typeof refreshResponseSchema>

export const healthResponseSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  epoch: z.string(),
  database: z.enum(['sqlite', 'postgres']),
})
export type HealthResponse = z.infer<typeof healthResponseSchema>

/** `GET /v1/directory`: the names of the users and teams the caller may see, so screens can show them. */
export const directoryResponseSchema = z.object({
  users: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      role: z.enum(['admin', 'engineer']),
      /**
       * the user's teams among those the caller may see (all for an admin caller), so the app offers as
       * assignees only who the server accepts; absent from servers before it was added
       */
      teamIds: z.array(z.string()).optional(),
    }),
  ),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  /**
   * the largest attachment this server accepts (CASELOAD_ATTACHMENT_LIMIT_MB), so the app refuses a bigger
   * file when it is picked, offline too (the last value kept); absent from servers before it was added
   */
  attachmentLimitBytes: z.number().int().positive().optional(),
})
export type Directory = z.infer<typeof directoryResponseSchema>
