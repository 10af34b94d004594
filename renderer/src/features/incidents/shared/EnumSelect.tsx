import { humanize } from './format'

/**
 * A select over one of the domain's closed vocabularies (categories, resolution codes, kinds of work…), each
 * option shown in words. The caller wraps it in its own <label>, which gives it its accessible name.
 */
export function EnumSelect<T extends string>({
  value,
  options,
  onChange,
  emptyLabel,
}: {
  value: T
  options: readonly T[]
  onChange: (value: T) => void
  /** a first option with the value '' (T must then include '') */
  emptyLabel?: string
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as T)}>
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {humanize(option)}
        </option>
      ))}
    </select>
  )
}
