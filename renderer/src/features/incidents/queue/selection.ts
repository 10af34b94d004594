/**
 * The queue's row selection for bulk actions, as plain values (no React): which incidents are ticked and the
 * anchor a Shift-click extends from. Every operation returns a new selection; `order` is the ids of the rows
 * in the order the queue shows them (filtered and sorted), so a range is what the engineer sees between clicks.
 */
export interface Selection {
  readonly ids: ReadonlySet<string>
  /** the row last clicked on its own: a Shift-click selects from here */
  readonly anchor: string | null
}

export const emptySelection: Selection = { ids: new Set(), anchor: null }

/** Ticks or unticks one row; it becomes the anchor. */
export function toggle(sel: Selection, id: string): Selection {
  const ids = new Set(sel.ids)
  if (ids.has(id)) ids.delete(id)
  else ids.add(id)
  return { ids, anchor: id }
}

/**
 * Shift-click: ticks every row from the anchor to `id` (both included) as they appear in `order`, keeping what
 * was ticked before. Without an anchor still on screen it ticks `id` alone, like a plain click.
 */
export function extendTo(sel: Selection, order: readonly string[], id: string): Selection {
  const to = order.indexOf(id)
  const from = sel.anchor === null ? -1 : order.indexOf(sel.anchor)
  if (to < 0) return sel
  if (from < 0) return { ids: new Set([...sel.ids, id]), anchor: id }
  const ids = new Set(sel.ids)
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) ids.add(order[i] as string)
  return { ids, anchor: sel.anchor }
}

/** Ctrl/⌘ A: every row of the view as filtered now (not the rows other filters hide). */
export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null }
}

/**
 * The selection limited to the rows still shown (a filter, a search or a sync took some away): a bulk action
 * never reaches an incident the engineer can't see ticked. Returns `sel` itself when nothing went away.
 */
export function keepShown(sel: Selection, order: readonly string[]): Selection {
  if (sel.ids.size === 0) return sel
  const shown = new Set(order)
  let gone = false
  for (const id of sel.ids) if (!shown.has(id)) gone = true
  if (!gone) return sel
  const ids = new Set([...sel.ids].filter((id) => shown.has(id)))
  return { ids, anchor: sel.anchor !== null && shown.has(sel.anchor) ? sel.anchor : null }
}

/** The ticked ids in the order the queue shows them. */
export function selectedInOrder(sel: Selection, order: readonly string[]): string[] {
  return sel.ids.size === 0 ? [] : order.filter((id) => sel.ids.has(id))
}
