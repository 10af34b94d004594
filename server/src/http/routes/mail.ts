/**
 * The mail API. Mailboxes are admin-only and their secrets are write-only (no answer carries one). Unmatched
 * mail and "retry" are for engineers of the mailbox's (or the reply's customer's) team.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { TrustedApplyError } from '../../sync/apply-trusted'
import { ApiError } from '../../errors'
import {
  addMailbox,
  listMailboxes,
  mailboxConnection,
  MailboxError,
  mailboxInputSchema,
  removeMailbox,
  type MailboxView,
} from '../../mail/mailboxes'
import { testMailbox } from '../../mail/check'
import { pokeAfter } from '../../mail/inbound'
import { retryReply } from '../../mail/sender'
import { attachSchema, attachUnmatched, listUnmatched, UnmatchedError } from '../../mail/unmatched'
import type { Principal } from '../../auth/principal'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'
import { parseInput } from '../validation'

function requireAdmin(p: Principal | null): Principal {
  if (!p || p.role !== 'admin')
    throw new ApiError(403, 'forbidden', 'Only an administrator can manage mailboxes.')
  return p
}

const idParam = z.object({ id: z.string().min(1).max(100) })

/** a mailbox as answered: its settings (no secret) and how this process reads it */
function withStatus(ctx: AppContext, view: MailboxView) {
  return { ...view, status: ctx.mail?.status(view.id) ?? null }
}

export function mailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = { onRequest: requireAuth(ctx) }

  app.get('/v1/mail/mailboxes', auth, async (request) => {
    requireAdmin(request.principal)
    return { mailboxes: (await listMailboxes(ctx.db)).map((m) => withStatus(ctx, m)) }
  })

  app.post('/v1/mail/mailboxes', auth, async (request, reply) => {
    requireAdmin(request.principal)
    const input = parseInput(mailboxInputSchema, request.body)
    if (!ctx.mail) throw new ApiError(503, 'mail-off', 'This server does not run the email channel.')
    try {
      const view = await addMailbox(ctx.db, ctx.mail.options.box, input, ctx.now())
      await ctx.mail.refresh()
      return reply.code(201).send({ mailbox: withStatus(ctx, view) })
    } catch (error) {
      if (error instanceof MailboxError) throw new ApiError(400, 'invalid', error.message, error.field)
      throw error
    }
  })

  app.delete('/v1/mail/mailboxes/:id', auth, async (request) => {
    requireAdmin(request.principal)
    const { id } = parseInput(idParam, request.params, 'query')
    if (!(await removeMailbox(ctx.db, id))) throw new ApiError(404, 'not-found', 'No such mailbox.')
    await ctx.mail?.refresh()
    return { removed: id }
  })

  // the CLI's `mailbox test` over HTTP: each protocol's ok or reason (never a secret); 200 either way
  app.post('/v1/mail/mailboxes/:id/test', auth, async (request) => {
    requireAdmin(request.principal)
    const { id } = parseInput(idParam, request.params, 'query')
    if (!ctx.mail) throw new ApiError(503, 'mail-off', 'This server does not run the email channel.')
    const conn = await mailboxConnection(ctx.db, ctx.mail.options.box, id)
    if (!conn) throw new ApiError(404, 'not-found', 'No such mailbox.')
    const { imap, smtp } = await testMailbox(conn)
    return { imap, smtp }
  })

  app.get('/v1/mail/unmatched', auth, async (request) => ({
    unmatched: await listUnmatched(ctx.db, request.principal!),
  }))

  app.post('/v1/mail/unmatched/:id/attach', auth, async (request) => {
    const { id } = parseInput(idParam, request.params, 'query')
    const input = parseInput(attachSchema, request.body)
    try {
      const attached = await attachUnmatched(ctx.db, request.principal!, id, input, ctx.now())
      // the team's apps pull the new incident now, not at their next sync
      const row = await ctx.db.read
        .selectFrom('mail_unmatched')
        .select('team_id')
        .where('id', '=', id)
        .executeTakeFirst()
      if (row) await pokeAfter({ db: ctx.db, bus: ctx.bus }, { teamId: row.team_id })
      return attached
    } catch (error) {
      if (error instanceof UnmatchedError) {
        const field = error.message.startsWith('customerId') ? 'customerId' : undefined
        throw new ApiError(error.status, error.status === 404 ? 'not-found' : 'invalid', error.message, field)
      }
      if (error instanceof TrustedApplyError)
        throw new ApiError(
          error.error.code === 'forbidden' ? 403 : 400,
          error.error.code,
          error.error.message,
          error.error.field,
        )
      throw error
    }
  })

  app.post('/v1/mail/outbox/:id/retry', auth, async (request) => {
    const { id } = parseInput(idParam, request.params, 'query')
    const p = request.principal!
    const row = await ctx.db.read
      .selectFrom('mail_outbox')
      .innerJoin('customers', 'customers.id', 'mail_outbox.customer_id')
      .select(['mail_outbox.state', 'customers.team_id'])
      .where('mail_outbox.event_id', '=', id)
      .executeTakeFirst()
    if (!row || (p.role !== 'admin' && (row.team_id === null || !p.teamIds.includes(row.team_id))))
      throw new ApiError(404, 'not-found', 'No such reply.')
    if (!(await retryReply({ db: ctx.db, bus: ctx.bus, now: ctx.now }, id)))
      throw new ApiError(
        409,
        'invalid-state',
        `This reply is ${row.state}; only a failed one can be retried.`,
      )
    ctx.mail?.kickSender()
    return { state: 'queued' }
  })
}
