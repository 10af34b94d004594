import { useEngine } from '../../sync/engine-context'
import { useDirectory } from '../../directory/useDirectory'
import { AssigneeSelect } from '../assign/AssigneeSelect'
import { BulkReportNotice } from '../assign/BulkReportNotice'
import { useBulkAction } from '../assign/useBulkAction'
import { useCustomerTeams } from '../assign/useCustomerTeams'
import { statusLabel } from '../shared/format'
import { bulkStatuses, type BulkStatus } from './bulk'

/**
 * Above the queue while rows are ticked: how many, "Assign to…" and "Set status…" for all of them (one local
 * transaction, one mutation per incident), the progress while it writes, then what was done with Undo.
 */
export function SelectionBar({ ids, onClear }: { ids: readonly string[]; onClear: () => void }) {
  const { session } = useEngine()
  const names = useDirectory()
  const { run, progress } = useBulkAction()
  const teamIds = useCustomerTeams(ids)
  const busy = progress !== null
  return (
    <>
      {ids.length > 0 ? (
        <div className="selection-bar" role="region" aria-label="Selected incidents">
          <strong data-testid="selection-count">{ids.length.toLocaleString()} selected</strong>
          <AssigneeSelect
            names={names}
            teamIds={teamIds}
            me={session.user.id}
            value={null}
            label="Assign the selected incidents to"
            placeholder="Assign to…"
            disabled={busy}
            onChange={(assigneeId) => void run({ kind: 'assign', assigneeId }, ids)}
          />
          <select
            aria-label="Set the status of the selected incidents"
            value=""
            disabled={busy}
            onChange={(e) => {
              const status = e.target.value as BulkStatus | ''
              if (status) void run({ kind: 'status', status }, ids)
            }}
          >
            <option value="" disabled>
              Set status…
            </option>
            {bulkStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel[s]}
              </option>
            ))}
          </select>
          <button type="button" className="ghost" onClick={onClear} disabled={busy}>
            Clear selection
          </button>
          {progress ? (
            <span className="muted" aria-live="polite" data-testid="bulk-progress">
              Writing {progress.done} of {progress.total}…
            </span>
          ) : null}
        </div>
      ) : null}
      <BulkReportNotice />
    </>
  )
}
