/**
 * The pieces the plan and calendar screens share: the title bar of a detail page (with Duplicate and Edit for
 * admins) and the foot of an editor (what to fix, the save error, save and cancel).
 */
import type { ReactNode } from 'react'
import { ErrorLine } from '../../ui/ErrorLine'
import { FormActions } from '../../ui/FormActions'

export function DetailTitle({
  title,
  preset,
  readOnly,
  editLabel,
  onEdit,
  onDuplicate,
}: {
  title: ReactNode
  preset: boolean
  readOnly: boolean
  /** "Edit plan", "Edit calendar": presets are duplicated, never edited */
  editLabel: string
  onEdit: () => void
  onDuplicate: () => void
}) {
  return (
    <div className="catalog-title">
      <h2 id="catalog-detail-title">{title}</h2>
      <span className="pill">{preset ? 'Preset' : 'Own'}</span>
      <span className="spacer" />
      {readOnly ? null : (
        <div className="actions">
          <button type="button" className="ghost" onClick={onDuplicate}>
            Duplicate
          </button>
          {preset ? null : (
            <button type="button" onClick={onEdit}>
              {editLabel}
            </button>
          )}
        </div>
      )}
    </div>
  )
}

export function EditorFooter({
  summaryId,
  unfixed,
  saveError,
  busy,
  submitLabel,
  onCancel,
}: {
  summaryId: string
  /** names of the fields still wrong once the form was submitted; null before the first submit */
  unfixed: string[] | null
  saveError: string | null
  busy: boolean
  submitLabel: string
  onCancel: () => void
}) {
  return (
    <>
      {unfixed && unfixed.length > 0 ? (
        <div className="notice catalog-summary" id={summaryId} tabIndex={-1} role="alert">
          Not saved. Fix: {unfixed.join(', ')}.
        </div>
      ) : null}
      <ErrorLine error={saveError} />
      <FormActions submit={submitLabel} disabled={busy} onCancel={onCancel} />
    </>
  )
}
