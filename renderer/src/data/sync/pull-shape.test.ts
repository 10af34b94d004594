import { describe, expect, it } from 'vitest'
import { pullResponseSchema } from '@shared/protocol'
import { asPullResponse } from './pull-shape'

const good = {
  changes: [
    { table: 'incidents', id: 'i1', version: 3, row: { id: 'i1', subject: 'x', nested: { a: [1] } } },
    { table: 'customers', id: 'c1', version: 4, deleted: true },
  ],
  cursor: 4,
  lastMutationId: 7,
  epoch: 'e1',
  more: false,
}

describe('asPullResponse', () => {
  it('takes a well-formed answer as it is, equal to what the schema makes of it', () => {
    expect(asPullResponse(good)).toBe(good)
    expect(asPullResponse(good)).toEqual(pullResponseSchema.parse(good))
  })

  it('leaves everything else to the schema', () => {
    const bad: unknown[] = [
      null,
      [],
      { ...good, cursor: 1.5 },
      { ...good, epoch: 3 },
      { ...good, more: 'no' },
      { ...good, extra: 1 },
      { ...good, changes: [{ table: 'nope', id: 'x', version: 1, row: {} }] },
      { ...good, changes: [{ table: 'incidents', id: 1, version: 1, row: {} }] },
      { ...good, changes: [{ table: 'incidents', id: 'x', version: '1', row: {} }] },
      { ...good, changes: [{ table: 'incidents', id: 'x', version: 1, row: [] }] },
      { ...good, changes: [{ table: 'incidents', id: 'x', version: 1, row: {}, deleted: true }] },
      { ...good, changes: [{ table: 'incidents', id: 'x', version: 1, deleted: false }] },
      { ...good, changes: [{ table: 'incidents', id: 'x', version: 1 }] },
    ]
    for (const body of bad) expect(asPullResponse(body)).toBeNull()
  })
})
