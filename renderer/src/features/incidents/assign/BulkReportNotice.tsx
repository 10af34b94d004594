import { useUi } from '../../../stores/ui'
import { useBulkAction } from './useBulkAction'

/** What the last bulk action did: a summary, each refused incident with why, Undo while it is cheap. */
export function BulkReportNotice() {
  const current = useUi((s) => s.bulkReport)
  const { undo } = useBulkAction()
  if (!current) return null
  const { report, summary } = current
  return (
    <div className="notice bulk-report" role="status" data-testid="bulk-report">
      <strong>{summary}</strong>
      {report.refused.length > 0 ? (
        <ul className="bulk-refused" aria-label="Not changed">
          {report.refused.map((r) => (
            <li key={r.id}>
              <a href={`#/incident/${r.id}`}>
                <code>{r.short}</code>
              </a>{' '}
              {r.message}
            </li>
          ))}
        </ul>
      ) : null}
      <span className="spacer" />
      {report.undo.length > 0 ? (
        <button type="button" className="ghost" onClick={() => void undo(report)}>
          Undo
        </button>
      ) : null}
      <button
        type="button"
        className="ghost"
        aria-label="Dismiss"
        onClick={() => useUi.getState().setBulkReport(null)}
      >
        ×
      </button>
    </div>
  )
}
