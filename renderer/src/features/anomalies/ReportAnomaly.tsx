import { useState, type FormEvent } from 'react'
import { RowOptions } from '../../ui/Options'
import { useLiveQuery } from 'dexie-react-hooks'
import { v7 as uuidv7 } from 'uuid'
import { ANOMALY_CATEGORIES, type AnomalyCategory } from '@shared/domain'
import { liveRows } from '../../data'
import { navigate } from '../../stores/route'
import { useDb } from '../sync/engine-context'
import { shortId } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import { categoryDefinitions } from './model'
import { Field } from '../../ui/Field'
import { ErrorLine } from '../../ui/ErrorLine'
import { FormActions } from '../../ui/FormActions'
import { RadioOptions } from '../../ui/RadioOptions'

/** Report a defect: customer → license → (incident) → what happens; the category as first reported. */
export function ReportAnomaly({ onCancel }: { onCancel: () => void }) {
  const db = useDb()
  const { run, error, busy } = useMutate()
  const [customerId, setCustomerId] = useState('')
  const [licenseId, setLicenseId] = useState('')
  const [incidentId, setIncidentId] = useState('')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [category, setCategory] = useState<AnomalyCategory>('A')
  const customers = useLiveQuery(
    async () => (await liveRows(db, 'customers')).sort((a, b) => a.name.localeCompare(b.name)),
    [db],
  )
  const options = useLiveQuery(async () => {
    if (!customerId) return { licenses: [], incidents: [] }
    const byCustomer = <T extends 'licenses' | 'incidents'>(table: T) =>
      liveRows(db, table, (t) => t.where('customerId').equals(customerId))
    const incidents = await byCustomer('incidents')
    return {
      licenses: await byCustomer('licenses'),
      incidents: incidents
        .filter((i) => i.status !== 'closed')
        .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1)),
    }
  }, [db, customerId])
  const licenses = options?.licenses ?? []
  const incidents = (options?.incidents ?? []).filter((i) => !licenseId || i.licenseId === licenseId)

  async function submit(e: FormEvent) {
    e.preventDefault()
    const id = uuidv7()
    const ok = await run('anomaly.report', {
      id,
      licenseId,
      ...(incidentId ? { incidentId } : {}),
      title: title.trim(),
      description,
      category,
    })
    if (ok) navigate({ name: 'anomaly', id })
  }

  return (
    <form className="card report-anomaly" aria-labelledby="report-title" onSubmit={(e) => void submit(e)}>
      <h3 id="report-title">Report an anomaly</h3>
      <div className="row">
        <Field label="Customer" className="grow">
          <select
            value={customerId}
            onChange={(e) => {
              setCustomerId(e.target.value)
              setLicenseId('')
              setIncidentId('')
            }}
            required
          >
            <RowOptions rows={customers} none="Choose a customer…" label={(c) => c.name} />
          </select>
        </Field>
        <Field label="License" className="grow">
          <select
            value={licenseId}
            onChange={(e) => {
              setLicenseId(e.target.value)
              setIncidentId('')
            }}
            disabled={!customerId}
            required
          >
            <option value="">Choose a license…</option>
            {licenses.map((l) => (
              <option key={l.id} value={l.id}>
                {l.product} {l.edition} {l.major}.{l.minor} · {l.os}
                {l.licenseKey ? ` · ${l.licenseKey}` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Incident (optional)" className="grow">
          <select value={incidentId} onChange={(e) => setIncidentId(e.target.value)} disabled={!licenseId}>
            <RowOptions rows={incidents} none="None" label={(i) => `${shortId(i.id)} · ${i.subject}`} />
          </select>
        </Field>
      </div>
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="What happens, how to reproduce it, in which environment"
        />
      </label>
      <fieldset className="categories">
        <legend>Category as reported (classify it on the report; R-AM-3)</legend>
        <RadioOptions
          name="reported-category"
          options={ANOMALY_CATEGORIES}
          value={category}
          onChange={setCategory}
          label={(c) => (
            <>
              <strong>{c}</strong> · {categoryDefinitions[c]}
            </>
          )}
        />
      </fieldset>
      <FormActions
        submit="Report anomaly"
        disabled={busy || !licenseId || !title.trim()}
        onCancel={onCancel}
      />
      <ErrorLine error={error} />
    </form>
  )
}
