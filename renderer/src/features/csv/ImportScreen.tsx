import './import.css'
import { useRef, useState, type DragEvent } from 'react'
import { v7 as uuidv7 } from 'uuid'
import { importColumns, problemText, type ImportKind } from '@shared/csv/import-rows'
import type { StoredRow } from '@shared/mutations'
import { hrefOf } from '../../stores/route'
import { planIndex } from '../incidents/shared/catalog'
import { useEngine } from '../sync/engine-context'
import { downloadCsv } from './ExportCsvButton'
import { checkImport, type ImportCheck } from './import-check'
import { writeImport, type ImportProgress, type ImportResult } from './import-write'
import { ErrorLine } from '../../ui/ErrorLine'
import { TableHead } from '../../ui/TableHead'
import { RadioOptions } from '../../ui/RadioOptions'

type Phase =
  | { name: 'idle' }
  | { name: 'checking'; file: string }
  | { name: 'checked'; file: string; check: ImportCheck }
  | { name: 'writing'; file: string; check: ImportCheck; progress: ImportProgress }
  | { name: 'done'; file: string; result: ImportResult }

const kindLabel: Record<ImportKind, string> = { licenses: 'Licenses', contacts: 'Contacts' }
const MAX_LISTED = 200

/**
 * CSV import of licenses or contacts: every row is checked (shared/csv/import-rows.ts, then a dry run of the
 * mutators) and the report shown BEFORE anything is written; "Import N rows" only when every row is valid.
 */
export function ImportScreen() {
  const { engine, db, session } = useEngine()
  const [kind, setKind] = useState<ImportKind>('licenses')
  const [phase, setPhase] = useState<Phase>({ name: 'idle' })
  const [dragging, setDragging] = useState(false)
  const [readError, setReadError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const columns = importColumns[kind]
  const busy = phase.name === 'checking' || phase.name === 'writing'

  async function load(file: File) {
    setReadError(null)
    if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') {
      setReadError(`${file.name}: choose a .csv file.`)
      return
    }
    setPhase({ name: 'checking', file: file.name })
    try {
      const text = await file.text()
      const customers = (await db.rows('customers').toArray()) as StoredRow[]
      const planRows = (await db.rows('plans').toArray()) as StoredRow[]
      const plans = planIndex(planRows)
      const check = await checkImport(
        kind,
        text,
        {
          customers,
          planIds: new Set(plans.keys()),
          owned: async (ids) => ({
            plans: planRows,
            contacts: (await db.rows('contacts').where('customerId').anyOf(ids).toArray()) as StoredRow[],
            subscriptions: (await db
              .rows('subscriptions')
              .where('customerId')
              .anyOf(ids)
              .toArray()) as StoredRow[],
            licenses: (await db.rows('licenses').where('customerId').anyOf(ids).toArray()) as StoredRow[],
          }),
        },
        { userId: session.user.id, role: session.user.role, teamIds: session.user.teams },
        { now: new Date().toISOString(), newId: uuidv7 },
      )
      setPhase({ name: 'checked', file: file.name, check })
    } catch (error) {
      setPhase({ name: 'idle' })
      setReadError(`${file.name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault()
    setDragging(false)
    const file = e.dataTransfer.files[0]
    if (file && !busy) void load(file)
  }

  async function runImport(file: string, check: ImportCheck) {
    const start = { done: 0, total: check.rows.length }
    setPhase({ name: 'writing', file, check, progress: start })
    const result = await writeImport(engine, kind, check.rows, (progress) =>
      setPhase({ name: 'writing', file, check, progress }),
    )
    setPhase({ name: 'done', file, result })
  }

  function reset() {
    setPhase({ name: 'idle' })
    if (fileInput.current) fileInput.current.value = ''
  }

  const sampleName = `caseload-${kind}-sample.csv`
  return (
    <section className="page import" aria-labelledby="import-title">
      <h2 id="import-title">Import from CSV</h2>
      <div className="import-grid">
        <div className="import-main">
          <div className="card">
            <fieldset className="import-kind" disabled={busy}>
              <legend>What the file holds</legend>
              <RadioOptions
                name="import-kind"
                options={['licenses', 'contacts'] as const}
                value={kind}
                onChange={(k) => {
                  setKind(k)
                  reset()
                }}
                label={(k) => kindLabel[k]}
              />
            </fieldset>

            <div
              className={`dropzone${dragging ? ' dragging' : ''}`}
              data-testid="dropzone"
              onDragOver={(e) => {
                e.preventDefault()
                setDragging(true)
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <label className="field">
                <span>CSV file of {kind}</span>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".csv,text/csv"
                  disabled={busy}
                  onChange={(e) => {
                    const file = e.target.files?.[0]
                    if (file) void load(file)
                  }}
                />
              </label>
              <p className="muted small">…or drop the file here. Nothing is written until you confirm.</p>
            </div>
            <ErrorLine error={readError} />
          </div>

          {phase.name === 'checking' ? (
            <p className="card" role="status">
              Checking {phase.file}…
            </p>
          ) : null}
          {phase.name === 'checked' || phase.name === 'writing' ? (
            <Report
              file={phase.file}
              check={phase.check}
              kind={kind}
              progress={phase.name === 'writing' ? phase.progress : null}
              onImport={() => void runImport(phase.file, phase.check)}
              onCancel={reset}
            />
          ) : null}
          {phase.name === 'done' ? (
            <section className="card" aria-labelledby="import-result" data-testid="import-result">
              <h3 id="import-result">{phase.result.ok ? 'Imported' : 'Import stopped'}</h3>
              <p role="status">{phase.result.message}</p>
              <div className="actions">
                {phase.result.ok ? (
                  <a href={hrefOf({ name: kind === 'licenses' ? 'licenses' : 'customers' })}>
                    {kind === 'licenses' ? 'See the licenses' : 'See the customers'}
                  </a>
                ) : null}
                <button type="button" className="ghost" onClick={reset}>
                  Import another file
                </button>
              </div>
            </section>
          ) : null}
        </div>
        <div className="card" aria-labelledby="columns-title">
          <h3 id="columns-title">Expected columns ({kind})</h3>
          <p className="muted small">
            A header row with these names, in any order; UTF-8, comma-separated. The customer is named by its
            id or its exact name.
          </p>
          <table className="import-table" aria-labelledby="columns-title">
            <TableHead columns={['Column', 'Required', 'Holds']} />
            <tbody>
              {[...columns.required, ...columns.optional].map((c) => (
                <tr key={c}>
                  <td>
                    <code>{c}</code>
                  </td>
                  <td>{columns.required.includes(c) ? 'yes' : 'no'}</td>
                  <td>{columns.help[c]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small">Sample:</p>
          <pre className="import-sample" data-testid="import-sample">
            {columns.sample}
          </pre>
          <button
            type="button"
            className="ghost small"
            onClick={() => downloadCsv(sampleName, columns.sample)}
          >
            Download the sample
          </button>
        </div>
      </div>
    </section>
  )
}

function Report({
  file,
  check,
  kind,
  progress,
  onImport,
  onCancel,
}: {
  file: string
  check: ImportCheck
  kind: ImportKind
  progress: ImportProgress | null
  onImport: () => void
  onCancel: () => void
}) {
  const bad = new Set(check.problems.map((p) => p.line)).size
  const valid = check.problems.length === 0 && check.rows.length > 0
  return (
    <section className="card import-report" aria-labelledby="report-title" data-testid="import-report">
      <h3 id="report-title">Check of {file}</h3>
      <p data-testid="import-summary" className={valid ? 'import-ok' : 'error'}>
        {valid
          ? `All ${check.total} rows are valid.`
          : check.total === 0
            ? 'Nothing to import.'
            : `${bad} of ${check.total} rows have problems: nothing will be imported until the file is fixed.`}
      </p>
      {check.problems.length > 0 ? (
        <table className="import-table" aria-label="Problems">
          <TableHead columns={['Line', 'Field', 'Problem']} />
          <tbody>
            {check.problems.slice(0, MAX_LISTED).map((p, n) => (
              <tr key={n} data-testid="import-problem" title={problemText(p)}>
                <td>{p.line}</td>
                <td>{p.field ? <code>{p.field}</code> : '—'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {check.problems.length > MAX_LISTED ? (
        <p className="muted small">…and {check.problems.length - MAX_LISTED} more problems.</p>
      ) : null}
      {check.warnings.length > 0 ? (
        <div className="notice warn">
          {check.warnings.map((w) => (
            <p key={w.line} className="small">
              Line {w.line}:{' '}
              {w.reasons.map((r) => (
                <span key={r.message}>
                  <code className="rule">{r.ruleId}</code> {r.message}{' '}
                </span>
              ))}
            </p>
          ))}
        </div>
      ) : null}
      {progress ? (
        <div className="import-progress">
          <progress max={progress.total} value={progress.done} aria-label={`Importing ${kind}`} />
          <span role="status">
            {progress.done} of {progress.total} written…
          </span>
        </div>
      ) : (
        <div className="actions">
          <button type="button" disabled={!valid} onClick={onImport}>
            Import {check.total} rows
          </button>
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
          {!valid ? <span className="muted small">Fix the rows above and choose the file again.</span> : null}
        </div>
      )}
    </section>
  )
}
