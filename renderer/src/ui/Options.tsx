import type { ReactNode } from 'react'

/** The `<option>`s of a select over string values, each shown as `label` gives it (the value itself by default). */
export function Options<T extends string>({
  values,
  label = (v) => v,
}: {
  values: readonly T[]
  label?: (value: T) => ReactNode
}) {
  return values.map((v) => (
    <option key={v} value={v}>
      {label(v)}
    </option>
  ))
}

/**
 * The `<option>`s of a select over rows with an id: a first empty choice (`Choose a customer…`, `None`), then
 * each row as `label` gives it. Rows still loading (undefined) show the empty choice alone.
 */
export function RowOptions<T extends { id: string }>({
  rows,
  label,
  none,
}: {
  rows: readonly T[] | undefined
  label: (row: T) => ReactNode
  /** the empty choice's wording */
  none: string
}) {
  return (
    <>
      <option value="">{none}</option>
      {(rows ?? []).map((row) => (
        <option key={row.id} value={row.id}>
          {label(row)}
        </option>
      ))}
    </>
  )
}
