/**
 * The pieces the plan and calendar screens share: the frame of a detail page and of an editor around their
 * sections.
 */
import type { FormEvent, ReactNode } from 'react'
import type { Entry } from './catalog-data'
import { ErrorLine } from '../../ui/ErrorLine'
import { FormActions } from '../../ui/FormActions'

/**
 * A detail page: the title bar (with Duplicate and Edit for admins: presets are duplicated, never edited), the
 * description, what the page puts under it, its sections and the deadline preview beside them.
 */
export function DetailFrame({
  entry,
  noun,
  readOnly,
  onEdit,
  onDuplicate,
  notices,
  preview,
  children,
}: {
  entry: Entry<{ label: string; description: string }>
  /** "plan", "calendar": on the Edit button */
  noun: string
  readOnly: boolean
  onEdit: () => void
  onDuplicate: () => void
  /** shown under the description */
  notices?: ReactNode
  preview: ReactNode
  children: ReactNode
}) {
  const { label, description } = entry.value
  return (
    <div className="catalog-detail">
      <div className="catalog-title">
        <h2 id="catalog-detail-title">{label}</h2>
        <span className="pill">{entry.preset ? 'Preset' : 'Own'}</span>
        <span className="spacer" />
        {readOnly ? null : (
          <div className="actions">
            <button type="button" className="ghost" onClick={onDuplicate}>
              Duplicate
            </button>
            {entry.preset ? null : (
              <button type="button" onClick={onEdit}>
                Edit {noun}
              </button>
            )}
          </div>
        )}
      </div>
      {description ? <p>{description}</p> : null}
      {notices}
      <div className="two-col">
        <div className="stack">{children}</div>
        {preview}
      </div>
    </div>
  )
}

/** What the frame needs of useEditorForm's state. */
export interface EditorFrameState {
  uid: string
  summaryId: string
  submitted: boolean
  saveError: string | null
  busy: boolean
  submit: (e: FormEvent, save: (() => Promise<void>) | null) => Promise<void>
}

/**
 * An editor's page: its title, the sections it is given, the foot (what to fix, the save error, save and cancel)
 * and the deadline preview beside them.
 */
export function EditorFrame({
  editor,
  noun,
  isNew,
  label,
  errors,
  fieldName,
  save,
  onCancel,
  preview,
  children,
}: {
  editor: EditorFrameState
  /** "plan", "calendar": in the title and on the submit button */
  noun: string
  isNew: boolean
  /** the label the edited item had when the editor opened */
  label: string
  errors: Readonly<Record<string, string>>
  /** the name of a field key in the "what to fix" summary */
  fieldName: (key: string) => string
  /** null while the form does not parse */
  save: (() => Promise<void>) | null
  onCancel: () => void
  preview: ReactNode
  children: ReactNode
}) {
  const { uid, summaryId } = editor
  const unfixed = editor.submitted ? Object.keys(errors).map(fieldName) : []
  return (
    <form
      className="catalog-detail"
      onSubmit={(e) => void editor.submit(e, save)}
      aria-labelledby={`${uid}-title`}
      noValidate
    >
      <div className="catalog-title">
        <h2 id={`${uid}-title`}>{isNew ? `New ${noun}` : `Edit ${label}`}</h2>
      </div>
      <div className="two-col">
        <div className="stack">
          {children}
          {unfixed.length > 0 ? (
            <div className="notice catalog-summary" id={summaryId} tabIndex={-1} role="alert">
              Not saved. Fix: {unfixed.join(', ')}.
            </div>
          ) : null}
          <ErrorLine error={editor.saveError} />
          <FormActions
            submit={isNew ? `Create ${noun}` : `Save ${noun}`}
            disabled={editor.busy}
            onCancel={onCancel}
          />
        </div>
        {preview}
      </div>
    </form>
  )
}
