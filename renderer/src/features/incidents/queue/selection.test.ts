import { describe, expect, it } from 'vitest'
import {
  emptySelection,
  extendTo,
  keepShown,
  selectAll,
  selectedInOrder,
  toggle,
  type Selection,
} from './selection'

const order = ['a', 'b', 'c', 'd', 'e', 'f']
const ticked = (s: Selection) => selectedInOrder(s, order)

describe('queue selection', () => {
  it('toggles one row and makes it the anchor', () => {
    const s = toggle(emptySelection, 'c')
    expect(ticked(s)).toEqual(['c'])
    expect(s.anchor).toBe('c')
    expect(ticked(toggle(s, 'c'))).toEqual([])
    // the value it came from is unchanged
    expect(emptySelection.ids.size).toBe(0)
  })

  it('Shift-click ticks the range from the anchor, in either direction, keeping earlier ticks', () => {
    const s = toggle(toggle(emptySelection, 'a'), 'e')
    expect(ticked(extendTo(s, order, 'c'))).toEqual(['a', 'c', 'd', 'e'])
    const down = extendTo(toggle(emptySelection, 'b'), order, 'd')
    expect(ticked(down)).toEqual(['b', 'c', 'd'])
    // the anchor stays: a second Shift-click re-extends from it
    expect(ticked(extendTo(down, order, 'f'))).toEqual(['b', 'c', 'd', 'e', 'f'])
  })

  it('Shift-click without an anchor on screen ticks the row alone', () => {
    expect(ticked(extendTo(emptySelection, order, 'd'))).toEqual(['d'])
    const gone = toggle(emptySelection, 'zz')
    expect(ticked(extendTo(gone, order, 'b'))).toEqual(['b'])
  })

  it('selects every row shown, in queue order', () => {
    expect(ticked(selectAll(['f', 'b']))).toEqual(['b', 'f'])
    expect(selectAll(['f', 'b']).ids.size).toBe(2)
    expect(selectAll([]).ids.size).toBe(0)
  })

  it('drops the rows a filter took away, and keeps the same value when none went', () => {
    const s = selectAll(order)
    const narrowed = keepShown(s, ['b', 'd'])
    expect(selectedInOrder(narrowed, ['b', 'd'])).toEqual(['b', 'd'])
    expect(narrowed.anchor).toBeNull()
    expect(keepShown(narrowed, ['a', 'b', 'd'])).toBe(narrowed)
  })
})
