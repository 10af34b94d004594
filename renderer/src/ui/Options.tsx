import type { ReactNode } from 'react'
import { Field } from './Field'

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

/** A list's filter: a labelled select whose empty choice (`All`) filters nothing, then the values to keep. */
export function FilterSelect<T extends string>({
  label,
  value,
  onChange,
  values,
  optionLabel,
  all = 'All',
}: {
  label: string
  value: string
  onChange: (value: string) => void
  values: readonly T[]
  optionLabel?: (value: T) => ReactNode
  all?: string
}) {
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        <Options values={values} label={optionLabel} />
      </select>
    </Field>
  )
}
