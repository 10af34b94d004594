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
