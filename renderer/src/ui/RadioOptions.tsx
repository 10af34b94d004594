import type { ReactNode } from 'react'

/**
 * One radio button per option, each inside its own label (so a click on the text picks it), for the caller's
 * fieldset and legend to wrap.
 */
export function RadioOptions<T extends string>({
  name,
  options,
  value,
  onChange,
  label,
}: {
  name: string
  options: readonly T[]
  value: T
  onChange: (option: T) => void
  label: (option: T) => ReactNode
}) {
  return options.map((o) => (
    <label key={o} className="check">
      <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
      <span>{label(o)}</span>
    </label>
  ))
}
