import type { ReactNode } from 'react'

/** The foot of an edit form: its submit button (named for what it does) and a Cancel that leaves without saving. */
export function FormActions({
  submit,
  disabled,
  onCancel,
}: {
  submit: ReactNode
  disabled: boolean
  onCancel: () => void
}) {
  return (
    <div className="actions">
      <button type="submit" disabled={disabled}>
        {submit}
      </button>
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}
