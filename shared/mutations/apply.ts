/**
 * `applyMutation`: run one named mutation over a Store. The server calls it inside one SQL transaction per
 * mutation (authoritative); the client calls it inside one Dexie transaction with the outbox entry (provisional).
 *
 * Order: find the mutator and its version → validate the args (errors name `args.<path>`) → scope and permission
 * (P6) → run (policy checks, buffered writes) → flush the writes. A refusal at any step writes nothing.
 * A thrown error that is not a refusal (the store failed) propagates: it is transient, the caller aborts and
 * retries.
 */
import type { z } from 'zod'
import { MutationRejection, reject } from './errors'
import type { AnyMutator, Scope } from './mutator'
import type { MutatorRegistry } from './registry'
import type { Store } from './store'
import { Tx } from './tx'
import { mutators } from './registry'
import type { MutationCall, MutationContext, MutationOutcome, Reason } from './types'

/** `args.a.0.b` from a zod issue path. */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map((p) => String(p))].join('.')
}

function firstIssue(error: z.ZodError, prefix: string): { field: string; message: string } {
  const issue = error.issues[0]
  if (!issue) return { field: prefix, message: 'Invalid input.' }
  const field = fieldPath(prefix, issue.path)
  return { field, message: `${field}: ${issue.message}` }
}

function checkContext(ctx: MutationContext): void {
  if (ctx.role !== 'admin' && ctx.role !== 'engineer')
    throw new Error(`mutation context: bad role ${String(ctx.role)}`)
  if (Number.isNaN(Date.parse(ctx.now)))
    throw new Error(`mutation context: now is not an instant: ${ctx.now}`)
  if (!Array.isArray(ctx.teamIds)) throw new Error('mutation context: teamIds must be an array')
}

async function checkScope(tx: Tx, scope: Scope, ctx: MutationContext): Promise<void> {
  if ('anyone' in scope) return
  if ('admin' in scope) {
    if (ctx.role !== 'admin') reject('forbidden', 'Only an administrator can do this.')
    return
  }
  if (ctx.role === 'admin') {
    if ('customerId' in scope) await tx.require('customers', scope.customerId, 'args.customerId', 'customer')
    return
  }
  if ('teamId' in scope) {
    if (!ctx.teamIds.includes(scope.teamId)) {
      reject('forbidden', 'You can only create customers for your own teams.', 'args.teamId')
    }
    return
  }
  // Tx reads another team's customer as absent, so this answers `not-found` exactly as for a made-up id: a
  // caller outside the customer's team can't tell that it exists (no "forbidden" existence oracle).
  await tx.require('customers', scope.customerId, 'args.customerId', 'customer')
}

/** Resolves the mutator for (name, mv) and the args in the current version's shape, or refuses. */
function resolve(call: MutationCall, registry: MutatorRegistry): { mutator: AnyMutator; args: unknown } {
  const mutator = Object.prototype.hasOwnProperty.call(registry, call.name) ? registry[call.name] : undefined
  if (!mutator) reject('unknown-mutator', `Unknown mutation "${call.name}". Update Caseload.`, 'name')
  if (call.mv === mutator.version) return { mutator, args: call.args }
  const legacy = mutator.legacy?.[call.mv]
  if (legacy) return { mutator, args: legacy.upgrade(call.args) }
  const message =
    call.mv < mutator.version
      ? `This change was made with an older Caseload (${call.name} v${call.mv}) that the server no longer accepts. Update Caseload and make the change again.`
      : `This change was made with a newer Caseload (${call.name} v${call.mv}) than the server knows (v${mutator.version}). Update the server.`
  reject('unsupported-version', message, 'mv')
}

function isPolicyInputError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'PolicyInputError'
}

export async function applyMutation(
  store: Store,
  call: MutationCall,
  ctx: MutationContext,
  registry?: MutatorRegistry,
): Promise<MutationOutcome> {
  checkContext(ctx)
  const tx = new Tx(store, ctx)
  try {
    const { mutator, args: raw } = resolve(call, registry ?? mutators)
    const parsed = mutator.args.safeParse(raw)
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error, 'args')
      reject('invalid', message, field)
    }
    const args: unknown = parsed.data
    const scope = await mutator.scope(args, tx, ctx)
    await checkScope(tx, scope, ctx)
    const result = (await mutator.run(tx, args, ctx)) ?? {}
    const flags = [...new Set(result.flags ?? [])]
    const reasons: Reason[] = result.reasons ?? []
    const actions = [...new Set(result.actions ?? [])]
    const writes = await tx.flush()
    if (tx.conflicts.length > 0)
      return { status: 'conflict', conflicts: tx.conflicts, flags, reasons, actions, writes }
    return { status: 'applied', flags, reasons, actions, writes }
  } catch (err) {
    if (err instanceof MutationRejection) return { status: 'rejected', error: err.toError() }
    if (isPolicyInputError(err))
      return { status: 'rejected', error: { code: 'invalid', message: err.message } }
    throw err
  }
}
