/**
 * P2 under a crash: the server is killed with SIGKILL in the middle of a batch (inside its transaction), then
 * restarted on the same database; the client's retry applies each mutation exactly once. SIGTERM lets the
 * batch in flight finish before the process exits (graceful shutdown). And two server processes on one
 * PostgreSQL share pokes through LISTEN/NOTIFY.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { addTeam } from '../../server/src/auth/users'
import { openDatabase } from '../../server/src/db/connect'
import { startChildServer } from '../support/child-server'
import { dialects, freshDatabase, stopPostgres, type FreshDatabase } from '../support/databases'
import { addEngineer, loginAs } from '../support/server'
import { newId, TestClient } from '../support/sync-client'

afterAll(stopPostgres)

async function prepare(fresh: FreshDatabase): Promise<string> {
  const db = await openDatabase(fresh.config)
  try {
    const red = await addTeam(db.write, 'red')
    await addEngineer(db.write, 'alice', ['red'])
    return red.id
  } finally {
    await db.close()
  }
}

async function counts(fresh: FreshDatabase, clientId: string, ids: string[]) {
  const db = await openDatabase(fresh.config)
  try {
    const rows = await db.read.selectFrom('customers').select('id').where('id', 'in', ids).execute()
    const audits = await db.read
      .selectFrom('audit_log')
      .select('mid')
      .where('client_id', '=', clientId)
      .execute()
    const client = await db.read
      .selectFrom('clients')
      .select('last_mutation_id')
      .where('client_id', '=', clientId)
      .executeTakeFirst()
    return {
      rows: rows.length,
      audits: audits.map((a) => Number(a.mid)).sort((a, b) => a - b),
      last: Number(client?.last_mutation_id ?? 0),
    }
  } finally {
    await db.close()
  }
}

describe.each(dialects)('crash safety on %s', (dialect) => {
  it('SIGKILL mid-batch, restart, retry: each mutation applied exactly once', async () => {
    const fresh = await freshDatabase(dialect)
    const teamId = await prepare(fresh)
    // a pause after each mutation inside the transaction makes "mid-batch" certain, not a race
    let server = await startChildServer(fresh.args, { ...fresh.env, CASELOAD_TEST_PUSH_DELAY_MS: '30' })
    try {
      const token = (await loginAs(server.url, 'alice')).accessToken
      const client = new TestClient(server.url, token)
      const ids = Array.from({ length: 40 }, () => newId())
      const muts = ids.map((id, i) => client.mutation('customer.create', { id, name: `crash ${i}`, teamId }))
      // the first ten are acknowledged before the crash
      expect((await client.pushOk(muts.slice(0, 10))).lastMutationId).toBe(10)

      const inFlight = client.push(muts.slice(10)).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 250)) // ~8 mutations into the 30-mutation batch
      server.process.kill('SIGKILL')
      expect((await server.exited).signal).toBe('SIGKILL')
      expect(await inFlight).toBeInstanceOf(Error) // the client got no answer

      const afterCrash = await counts(fresh, client.clientId, ids)
      expect(afterCrash.last).toBe(10) // the unacknowledged batch left nothing behind
      expect(afterCrash.rows).toBe(10)

      server = await startChildServer(fresh.args, fresh.env)
      const retry = new TestClient(server.url, token, client.clientId)
      // the client retries everything it has not seen acknowledged, plus (harmlessly) what it has
      const res = await retry.pushOk(muts)
      expect(res.lastMutationId).toBe(40)
      expect(res.results.every((r) => r.status === 'applied')).toBe(true)
      const final = await counts(fresh, client.clientId, ids)
      expect(final.rows).toBe(40)
      expect(final.audits).toEqual(Array.from({ length: 40 }, (_, i) => i + 1)) // one audit entry per mid
    } finally {
      server.process.kill('SIGKILL')
      await server.exited
      await fresh.cleanup()
    }
  })

  it('SIGTERM lets the batch in flight commit, then exits', async () => {
    const fresh = await freshDatabase(dialect)
    const teamId = await prepare(fresh)
    // 20 mutations × 50 ms: the batch runs for a second, so the signal lands inside it even on a busy machine
    const server = await startChildServer(fresh.args, { ...fresh.env, CASELOAD_TEST_PUSH_DELAY_MS: '50' })
    try {
      const token = (await loginAs(server.url, 'alice')).accessToken
      const client = new TestClient(server.url, token)
      const ids = Array.from({ length: 20 }, () => newId())
      const inFlight = client.push(
        ids.map((id, i) => client.mutation('customer.create', { id, name: `term ${i}`, teamId })),
      )
      await new Promise((r) => setTimeout(r, 400))
      server.process.kill('SIGTERM')
      const res = await inFlight
      expect(res.status).toBe(200)
      expect(res.body.lastMutationId).toBe(20)
      expect((await server.exited).code).toBe(0)
      expect((await counts(fresh, client.clientId, ids)).rows).toBe(20)
    } finally {
      server.process.kill('SIGKILL')
      await fresh.cleanup()
    }
  })
})

describe('several server processes on one PostgreSQL', () => {
  it('a push on one process pokes a socket held by another (LISTEN/NOTIFY)', async () => {
    const fresh = await freshDatabase('postgres')
    const teamId = await prepare(fresh)
    const [a, b] = await Promise.all([
      startChildServer(fresh.args, fresh.env),
      startChildServer(fresh.args, fresh.env),
    ])
    try {
      const { default: WebSocket } = await import('ws')
      const token = (await loginAs(a.url, 'alice')).accessToken // a session made on A is good on B: one database
      const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/v1/live`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const poke = new Promise<{ type: string; version: number }>((resolve) =>
        ws.once('message', (d) => resolve(JSON.parse(String(d)))),
      )
      await new Promise((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
      })
      const client = new TestClient(a.url, token)
      const res = await client.pushOk([
        client.mutation('customer.create', { id: newId(), name: 'Across processes', teamId }),
      ])
      expect(res.results[0]!.status).toBe('applied')
      expect(await poke).toMatchObject({ type: 'poke' })
      ws.close()
    } finally {
      a.process.kill('SIGKILL')
      b.process.kill('SIGKILL')
      await Promise.all([a.exited, b.exited])
      await fresh.cleanup()
    }
  })
})
