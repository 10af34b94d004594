import { describe, expect, it } from 'vitest'
import { planBulk, runBulk, summarize, type BulkTarget, type MutateAll } from './bulk'

const row = (id: string, status: BulkTarget['status'], assigneeId: string | null = null): BulkTarget => ({
  id,
  short: id.toUpperCase(),
  status,
  assigneeId,
})

describe('planBulk', () => {
  it('assigns every open row, skips those already assigned to them, refuses closed ones by name', () => {
    const plan = planBulk({ kind: 'assign', assigneeId: 'bob' }, [
      row('a', 'open'),
      row('b', 'new', 'bob'),
      row('c', 'closed', 'amy'),
      row('d', 'resolved', 'amy'),
    ])
    expect(plan.calls).toEqual([
      { name: 'incident.assign', args: { incidentId: 'a', assigneeId: 'bob' } },
      { name: 'incident.assign', args: { incidentId: 'd', assigneeId: 'bob' } },
    ])
    expect(plan.callIds).toEqual(['a', 'd'])
    expect(plan.skipped.map((s) => s.id)).toEqual(['b'])
    expect(plan.refused).toEqual([
      { id: 'c', short: 'C', message: 'This incident is closed: reopen it to assign it.' },
    ])
    // Undo puts back who had it before, unassigned included
    expect(plan.inverses.get('a')?.args).toEqual({ incidentId: 'a', assigneeId: null })
    expect(plan.inverses.get('d')?.args).toEqual({ incidentId: 'd', assigneeId: 'amy' })
  })

  it('sets a status by the rules of incident.setStatus', () => {
    const wait = planBulk({ kind: 'status', status: 'waiting-on-customer' }, [
      row('a', 'open'),
      row('b', 'new'),
      row('c', 'waiting-on-customer'),
      row('d', 'resolved'),
      row('e', 'closed'),
    ])
    expect(wait.callIds).toEqual(['a', 'b'])
    expect(wait.skipped.map((s) => s.id)).toEqual(['c'])
    expect(wait.refused.map((r) => [r.id, r.message])).toEqual([
      ['d', 'This incident is resolved: reopen it instead.'],
      ['e', 'This incident is closed: reopen it instead.'],
    ])
    // "new" can't be set again: only the open one can be undone
    expect([...wait.inverses.keys()]).toEqual(['a'])

    const close = planBulk({ kind: 'status', status: 'closed' }, [row('a', 'open'), row('d', 'resolved')])
    expect(close.callIds).toEqual(['d'])
    expect(close.refused[0]?.message).toMatch(/Resolve the incident/)
  })
})

describe('planBulk and versions', () => {
  it('sends each row the version it had when the action was chosen, as baseVersion', () => {
    const seen = (id: string, version: number): BulkTarget => ({ ...row(id, 'open'), version })
    const assign = planBulk({ kind: 'assign', assigneeId: 'bob' }, [seen('a', 3), seen('b', 7)])
    expect(assign.calls.map((c) => c.args)).toEqual([
      { incidentId: 'a', assigneeId: 'bob', baseVersion: 3 },
      { incidentId: 'b', assigneeId: 'bob', baseVersion: 7 },
    ])
    const status = planBulk({ kind: 'status', status: 'waiting-on-customer' }, [seen('a', 3)])
    expect(status.calls[0]?.args).toEqual({ incidentId: 'a', status: 'waiting-on-customer', baseVersion: 3 })
  })
})

describe('runBulk', () => {
  it('writes every planned mutation in one mutateAll and returns the Undo', async () => {
    const seen: number[] = []
    const mutateAll: MutateAll = async (calls) => {
      seen.push(calls.length)
      return { ok: true, results: calls.map(() => ({})) }
    }
    const plan = planBulk({ kind: 'assign', assigneeId: 'bob' }, [row('a', 'open'), row('b', 'open', 'amy')])
    const report = await runBulk(mutateAll, plan, (id) => id)
    expect(seen).toEqual([2])
    expect(report.done).toEqual(['a', 'b'])
    expect(report.undo.map((u) => u.args)).toEqual([
      { incidentId: 'a', assigneeId: null },
      { incidentId: 'b', assigneeId: 'amy' },
    ])
    expect(summarize(report, 'Assigned')).toBe('Assigned 2')
  })

  it('reports a row the mutator refuses locally and writes the others without it', async () => {
    const batches: string[][] = []
    const mutateAll: MutateAll = async (calls) => {
      const ids = calls.map((c) => (c.args as { incidentId: string }).incidentId)
      batches.push(ids)
      const bad = ids.indexOf('b')
      return bad >= 0
        ? { ok: false, index: bad, error: { code: 'not-found', message: 'No incident with id b.' } }
        : { ok: true, results: ids.map(() => ({})) }
    }
    const plan = planBulk({ kind: 'assign', assigneeId: 'bob' }, [
      row('a', 'open'),
      row('b', 'open'),
      row('c', 'open'),
      row('d', 'closed'),
      row('e', 'open', 'bob'),
    ])
    const report = await runBulk(mutateAll, plan, (id) => `#${id}`)
    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['a', 'c'],
    ])
    expect(report.done).toEqual(['a', 'c'])
    expect(report.refused.map((r) => [r.short, r.message])).toEqual([
      ['D', 'This incident is closed: reopen it to assign it.'],
      ['#b', 'No incident with id b.'],
    ])
    expect(report.undo).toHaveLength(2)
    expect(summarize(report, 'Assigned')).toBe('Assigned 2 · 1 already · 2 refused')
  })
})
