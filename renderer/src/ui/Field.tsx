import { cloneElement, useId, type ReactElement } from 'react'

/**
 * A labelled control whose accessible name is the label alone: with a select inside its <label>, the name
 * would also carry the chosen option's text ("License Choose a license…"), which reads badly.
 */
export function Field({
  label,
  children,
  className = '',
}: {
  label: string
  children: ReactElement<{ id?: string }>
  className?: string
}) {
  const id = useId()
  return (
    <div className={`field ${className}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id })}
    </div>
  )
}
