import { describe, expect, it } from 'vitest'
import { columnOf, importColumns, planImport, problemText, type ImportKind } from './import-rows'

const acme = '0190a000-0000-7000-8000-000000000001'
const twinA = '0190a000-0000-7000-8000-000000000002'
const twinB = '0190a000-0000-7000-8000-000000000003'
const lookups = {
  customers: [
    { id: acme, name: 'Acme Mail' },
    { id: twinA, name: 'Twin Co' },
    { id: twinB, name: 'Twin Co' },
  ],
  planIds: new Set(['softartisans-gold']),
}

function ids(): () => string {
  let n = 0
  return () => `0190b000-0000-7000-8000-${String(++n).padStart(12, '0')}`
}

const plan = (kind: ImportKind, text: string) => planImport(kind, text, lookups, ids())
const LIC = 'customer,product,edition,major,currentMajor,os,purchasedAt'

describe('planImport: contacts', () => {
  it('turns good rows into contact.add calls, customers by exact name or by id', () => {
    const p = plan(
      'contacts',
      `customer,name,email,phone,named\nAcme Mail,Zoe Zed,zoe@acme.test,+33 1,yes\n${twinA},"Yann, Jr.",yann@nw.test,,no\n`,
    )
    expect(p.problems).toEqual([])
    expect(p.total).toBe(2)
    expect(p.rows.map((r) => [r.line, r.customerId])).toEqual([
      [2, acme],
      [3, twinA],
    ])
    expect(p.rows[0]!.calls[0]).toMatchObject({
      name: 'contact.add',
      args: { customerId: acme, name: 'Zoe Zed', email: 'zoe@acme.test', phone: '+33 1', named: true },
    })
    expect(p.rows[1]!.calls[0]!.args).toMatchObject({ name: 'Yann, Jr.', phone: null, named: false })
  })

  it('checks every row and names each bad field with its line', () => {
    const p = plan(
      'contacts',
      'customer,name,email,named\nAcme Mail,Ok,ok@acme.test,no\nAcme Mail,Bad Email,not-an-email,no\nNo Such Co,A B,a@b.test,maybe\nTwin Co,,c@d.test,\n',
    )
    expect(p.rows.map((r) => r.line)).toEqual([2])
    expect(p.problems.map(problemText)).toEqual([
      'line 3, field email: Invalid email address (found "not-an-email")',
      'line 4, field customer: no customer "No Such Co"',
      'line 4, field named: expected yes or no, found "maybe"',
      'line 5, field customer: "Twin Co" names 2 customers; use the id',
      'line 5, field name: required: the cell is empty',
    ])
  })

  it('names a missing column on line 1 and reads no row', () => {
    const p = plan('contacts', 'customer,name\nAcme Mail,Zoe\n')
    expect(p.rows).toEqual([])
    expect(p.problems).toEqual([{ line: 1, field: 'email', message: 'missing column email' }])
  })

  it('reports a broken CSV at its line, and a file with no rows', () => {
    expect(plan('contacts', 'customer,name,email\nAcme Mail,"Zoe,z@a.test\n').problems).toEqual([
      { line: 2, message: 'a quoted field is not closed' },
    ])
    expect(plan('contacts', 'customer,name,email\nAcme Mail,Zoe\n').problems[0]!.line).toBe(2)
    expect(plan('contacts', 'customer,name,email\n').problems).toEqual([
      { line: 2, message: 'the file has a header but no rows' },
    ])
  })
})

describe('planImport: licenses', () => {
  it('a good row is one license.add that carries its plan’s subscription', () => {
    const p = plan(
      'licenses',
      `${LIC},minor,failover,licenseKey,planId\nAcme Mail,SMTPmail,Standard,4,5,windows,2026-01-10,2,yes,K-1,softartisans-gold\n`,
    )
    expect(p.problems).toEqual([])
    expect(p.rows[0]!.calls).toHaveLength(1)
    expect(p.rows[0]!.calls[0]).toMatchObject({
      name: 'license.add',
      args: {
        customerId: acme,
        major: 4,
        minor: 2,
        currentMajor: 5,
        failover: true,
        licenseKey: 'K-1',
        includedSubscription: { planId: 'softartisans-gold' },
      },
    })
  })

  it('names bad numbers, dates, plans and a major later than the current one', () => {
    const p = plan(
      'licenses',
      `${LIC},planId\nAcme Mail,SMTPmail,Standard,five,5,windows,2026-01-10,\nAcme Mail,SMTPmail,Standard,5,5,windows,yesterday,\nAcme Mail,SMTPmail,Standard,6,5,windows,2026-01-10,\nAcme Mail,SMTPmail,Standard,5,5,windows,2026-01-10,no-such-plan\nAcme Mail,SMTPmail,Standard,1.5,5,,2026-01-10,\n`,
    )
    expect(p.rows).toEqual([])
    expect(p.problems.map((x) => [x.line, x.field])).toEqual([
      [2, 'major'],
      [3, 'purchasedAt'],
      [4, 'major'],
      [5, 'planId'],
      [6, 'major'],
      [6, 'os'],
    ])
    expect(problemText(p.problems[0]!)).toBe('line 2, field major: expected a number, found "five"')
    expect(p.problems[2]!.message).toMatch(/later than the current major/)
    expect(p.problems[3]!.message).toBe('no plan "no-such-plan"')
    expect(p.problems[4]!.message).toMatch(/whole number/)
  })
})

describe('columnOf', () => {
  it('maps a mutation error field back to its CSV column', () => {
    expect(columnOf('licenses', 'args.includedSubscription.planId')).toBe('planId')
    expect(columnOf('contacts', 'args.email')).toBe('email')
    expect(columnOf('contacts', 'args.id')).toBeUndefined()
    expect(columnOf('contacts', undefined)).toBeUndefined()
  })
})

describe('the samples', () => {
  it('each sample imports cleanly against a customer named Acme Mail', () => {
    for (const kind of ['licenses', 'contacts'] as const) {
      const p = plan(kind, importColumns[kind].sample)
      expect(p.problems).toEqual([])
      expect(p.rows).toHaveLength(1)
    }
  })
})
