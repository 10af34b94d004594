import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cloneRow } from './values'

const viaText = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown

describe('cloneRow', () => {
  it('gives exactly what a round trip through JSON text gives, for any JSON-ish value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: false,
          withBigInt: false,
          withDate: true,
          withMap: false,
          withSet: false,
          withTypedArray: false,
          withSparseArray: true,
        }),
        (value) => {
          fc.pre(value !== undefined)
          expect(cloneRow(value)).toEqual(viaText(value))
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('follows JSON on the values rows must never hold', () => {
    const row = {
      id: 'r1',
      gone: undefined,
      zero: -0,
      inf: Infinity,
      nan: Number.NaN,
      list: [undefined, () => 1, 1, -0],
      at: new Date('2026-11-22T10:00:00Z'),
      nested: { keep: 'x', drop: undefined, fn: () => 2 },
    }
    const copy = cloneRow(row)
    expect(copy).toEqual(viaText(row))
    expect(Object.is((copy as { zero: number }).zero, 0)).toBe(true)
    expect('gone' in copy).toBe(false)
    expect(copy.at).toBe('2026-11-22T10:00:00.000Z')
    expect(() => cloneRow({ big: 1n })).toThrow(TypeError)
  })

  it('shares nothing with the original', () => {
    const row = { id: 'r1', tags: ['a'], detail: { n: 1 } }
    const copy = cloneRow(row)
    copy.tags.push('b')
    copy.detail.n = 2
    expect(row).toEqual({ id: 'r1', tags: ['a'], detail: { n: 1 } })
  })
})
