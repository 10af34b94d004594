import { useId, useState, type FormEvent } from 'react'
import { useMutate } from '../incidents/shared/useMutate'
import { invalidProps, keyId } from './FieldError'

/**
 * The state the plan and calendar editors share: the form being typed, which fields were left (blurred), whether
 * it was submitted, and the save mutation. A field's error shows once it was left or the form submitted, so
 * nothing is red before the admin has typed it; a refused submit moves focus to the summary of what to fix.
 */
export function useEditorForm<F>(initial: F) {
  const uid = useId()
  const [form, setForm] = useState(initial)
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const { run, error: saveError, busy } = useMutate()
  const set = (patch: Partial<F>) => setForm((f) => ({ ...f, ...patch }))
  const touch = (key: string) => () => setTouched((t) => (t.has(key) ? t : new Set([...t, key])))
  const eid = (key: string) => keyId(`${uid}-err`, key)
  const summaryId = `${uid}-summary`

  /**
   * The error helpers for the current errors. `nested`: a key's error also shows once a field below it was left
   * (a day's overlap error once one of its intervals was).
   */
  function fieldsOf(errors: Readonly<Record<string, string>>, nested = false) {
    const shown = (key: string): string | undefined =>
      submitted || touched.has(key) || (nested && [...touched].some((t) => t.startsWith(`${key}.`)))
        ? errors[key]
        : undefined
    const field = (key: string) => ({ onBlur: touch(key), ...invalidProps(eid(key), shown(key)) })
    return { shown, field }
  }

  /** Submits: `save` is null while the form does not parse, which shows every error and focuses the summary. */
  async function submit(e: FormEvent, save: (() => Promise<void>) | null) {
    e.preventDefault()
    setSubmitted(true)
    if (!save) {
      document.getElementById(summaryId)?.focus()
      return
    }
    await save()
  }

  return { uid, form, setForm, set, submitted, touch, eid, fieldsOf, submit, summaryId, run, saveError, busy }
}
