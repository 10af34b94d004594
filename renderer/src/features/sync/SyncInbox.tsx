import { useState, type ReactNode } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { RefusedFiles } from '../attachments/RefusedFiles'
import { hrefOf } from '../../stores/route'
import { humanize, formatInstant } from '../incidents/shared/format'
import { useDb, useEngine, useSyncStatus } from './engine-context'
import { conflictValues, recordOfMutation, screenOfRow } from './inbox-model'
import { ErrorLine } from '../../ui/ErrorLine'
import { TableHead } from '../../ui/TableHead'

/** The local row a mutation was about (undefined while reading or when this computer doesn't have it). */
function useRowOf(name: string, args: unknown): { table: string; row: Record<string, unknown> } | undefined {
  const db = useDb()
  const ref = recordOfMutation(name, args)
  return useLiveQuery(async () => {
    if (!ref) return undefined
    const row = await db.rows(ref.table).get(ref.id)
    return row ? { table: ref.table, row } : undefined
  }, [db, ref?.table, ref?.id])
}

/** "Open the customer": the screen that shows the record a change was about. */
function RecordLink({ name, args }: { name: string; args: unknown }) {
  const found = useRowOf(name, args)
  const ref = recordOfMutation(name, args)
  if (!found || !ref) return null
  const screen = screenOfRow(ref.table, found.row as { id: string })
  return screen ? <a href={hrefOf(screen.route)}>{screen.label}</a> : null
}

/** A refused or flagged change's actions: what the kind allows first, then the record it touched, then Dismiss. */
function InboxActions({
  name,
  args,
  onDismiss,
  children,
}: {
  name: string
  args: unknown
  onDismiss: () => void
  children?: ReactNode
}) {
  return (
    <div className="actions">
      {children}
      <RecordLink name={name} args={args} />
      <button type="button" className="ghost" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Both values of a lost edit: the server kept its own, the engineer's is kept here (P3). */
function ConflictValues({ name, args }: { name: string; args: unknown }) {
  const found = useRowOf(name, args)
  const values = conflictValues(name, args, found?.row)
  if (values.length === 0) return null
  return (
    <table className="conflict-values">
      <TableHead columns={['Field', 'Yours', 'On the server']} />
      <tbody>
        {values.map((v) => (
          <tr key={v.field}>
            <th scope="row">{humanize(v.field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())}</th>
            <td>{show(v.mine)}</td>
            <td>{show(v.theirs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** "timeEntry.overrideBillable" as people say it: "Time entry: override billable". */
function mutationLabel(name: string): string {
  const words = (part: string) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  const [entity = '', ...action] = name.split('.')
  const head = humanize(words(entity))
  return action.length > 0 ? `${head}: ${words(action.join(' '))}` : head
}

/** Conflicts, flagged and rejected changes, each with the server's reasons and what can be done about it. */
export function SyncInbox() {
  const status = useSyncStatus()
  const { engine } = useEngine()
  const [error, setError] = useState<string | null>(null)
  const act = (p: Promise<unknown>) =>
    p.then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    )
  const empty = status.conflicts.length + status.rejected.length + status.flagged.length === 0
  return (
    <section className="page" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Sync inbox</h2>
      {status.serverReset ? (
        <div className="notice warn" role="alert">
          The server no longer has {status.serverReset.missingRows} records this computer has (it was restored
          or reset).{' '}
          <button type="button" className="ghost" onClick={() => void act(engine.confirmServerReset())}>
            Delete them here too
          </button>{' '}
          <button type="button" className="ghost" onClick={() => engine.keepLocalRows()}>
            Keep them
          </button>
        </div>
      ) : null}
      {empty ? <p className="muted">Nothing to look at: every change went through as made.</p> : null}
      <ErrorLine error={error} />
      {status.conflicts.length > 0 ? <h3>Conflicts</h3> : null}
      <ul className="inbox">
        {status.conflicts.map((c) => (
          <li key={`c${c.mid}`} className="card">
            <strong>{mutationLabel(c.name)}</strong>: someone changed this on the server first; the server
            kept its value.
            {c.reasons.map((r) => (
              <p key={r.ruleId} className="small">
                <code className="rule">{r.ruleId}</code> {r.message}
              </p>
            ))}
            <ConflictValues name={c.name} args={c.args} />
            <div className="actions">
              <button type="button" onClick={() => void act(engine.applyMine(c.mid))}>
                Apply mine
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => void act(engine.discard('conflicts', c.mid))}
              >
                Keep theirs
              </button>
              <RecordLink name={c.name} args={c.args} />
            </div>
          </li>
        ))}
      </ul>
      {status.rejected.length > 0 ? <h3>Refused by the server</h3> : null}
      <ul className="inbox">
        {status.rejected.map((r) => (
          <li key={`r${r.mid}`} className="card">
            <strong>{mutationLabel(r.name)}</strong> · {formatInstant(r.at)}
            <p className="error">
              {r.error.message}
              {r.error.field ? ` (${r.error.field})` : ''}
            </p>
            <RefusedFiles args={r.args} />
            <InboxActions
              name={r.name}
              args={r.args}
              onDismiss={() => void act(engine.discard('rejected', r.mid))}
            >
              <button type="button" onClick={() => void act(engine.retryRejected(r.mid))}>
                Try again
              </button>
            </InboxActions>
          </li>
        ))}
      </ul>
      {status.flagged.length > 0 ? <h3>Applied, with a flag</h3> : null}
      <ul className="inbox">
        {status.flagged.map((f) => (
          <li key={`f${f.mid}`} className="card">
            <strong>{mutationLabel(f.name)}</strong> · {f.flags.map(humanize).join(', ')}
            {f.reasons.map((r, i) => (
              <p key={i} className="small">
                <code className="rule">{r.ruleId}</code> {r.message}
              </p>
            ))}
            <InboxActions
              name={f.name}
              args={f.args}
              onDismiss={() => void act(engine.discard('flagged', f.mid))}
            />
          </li>
        ))}
      </ul>
    </section>
  )
}
