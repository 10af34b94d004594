import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import type { StoredRow } from '@shared/mutations'
import { checkImport } from './import-check'

const teamA = '0190c000-0000-7000-8000-00000000000a'
const teamB = '0190c000-0000-7000-8000-00000000000b'
const acme = '0190a000-0000-7000-8000-000000000001'
const other = '0190a000-0000-7000-8000-000000000002'
const customers: StoredRow[] = [
  { id: acme, version: 1, deleted: false, teamId: teamA, name: 'Acme Mail', notes: '' },
  { id: other, version: 1, deleted: false, teamId: teamB, name: 'Other Team Co', notes: '' },
]
const engineer = {
  userId: '0190d000-0000-7000-8000-000000000001',
  role: 'engineer' as const,
  teamIds: [teamA],
}
const planIds = new Set(Object.keys(presets.plans))

function ids(): () => string {
  let n = 0
  return () => `0190b000-0000-7000-8000-${String(++n).padStart(12, '0')}`
}

function check(kind: 'licenses' | 'contacts', text: string, owned: Record<string, StoredRow[]> = {}) {
  return checkImport(kind, text, { customers, planIds, owned: async () => owned }, engineer, {
    now: '2026-11-22T10:00:00.000Z',
    newId: ids(),
  })
}

describe('checkImport', () => {
  it('passes good rows through the real mutators without writing anything anywhere', async () => {
    const c = await check('contacts', 'customer,name,email\nAcme Mail,Zoe Zed,zoe@acme.test\n')
    expect(c.problems).toEqual([])
    expect(c.rows).toHaveLength(1)
  })

  // another team's customer reads as absent, exactly like a made-up one (no existence oracle), in its column
  it('names a row the engine would refuse (a customer of another team) with its line and column', async () => {
    const c = await check(
      'licenses',
      'customer,product,edition,major,currentMajor,os,purchasedAt\nAcme Mail,SMTPmail,Standard,5,5,windows,2026-01-10\nOther Team Co,SMTPmail,Standard,5,5,windows,2026-01-10\n',
    )
    expect(c.problems).toHaveLength(1)
    expect(c.problems[0]).toMatchObject({
      line: 3,
      field: 'customer',
      message: expect.stringMatching(/^No customer with id /),
    })
  })

  it('keeps the shared checks’ problems and still dry-runs the other rows', async () => {
    const c = await check(
      'contacts',
      'customer,name,email\nAcme Mail,Bad,nope\nOther Team Co,A B,a@b.test\nAcme Mail,Fine,fine@acme.test\n',
    )
    expect(c.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'email'],
      [3, 'customer'],
    ])
  })

  it('warns (D-2) when a named contact goes over the plan’s cap, counting the file’s own rows', async () => {
    const capped = Object.values(presets.plans).find((p) => p.namedContactCap === 3)!
    const sub = {
      id: '0190e000-0000-7000-8000-000000000001',
      version: 1,
      deleted: false,
      customerId: acme,
      licenseId: null,
      planId: capped.id,
      start: '2026-01-01',
      end: '2026-12-31',
      status: 'active',
    }
    const rows = [1, 2, 3, 4].map((n) => `Acme Mail,Person ${n},p${n}@acme.test,yes`).join('\n')
    const c = await check('contacts', `customer,name,email,named\n${rows}\n`, { subscriptions: [sub] })
    expect(c.problems).toEqual([])
    expect(c.warnings.map((w) => [w.line, w.flags])).toEqual([[5, ['over-cap']]])
  })
})
