import { useCallback, useState } from 'react'
import { withoutTombstones, type CaseloadDb } from '../../../data'
import { useUi } from '../../../stores/ui'
import { useDirectory } from '../../directory/useDirectory'
import type { Names } from '../../directory/names'
import { useEngine } from '../../sync/engine-context'
import { shortId, statusLabel } from '../shared/format'
import {
  planBulk,
  runBulk,
  summarize,
  type BulkAction,
  type BulkReport,
  type BulkTarget,
} from '../queue/bulk'

/** The incidents `ids` as they are in the local database now (the plan is made on fresh rows). */
export async function targetsOf(db: CaseloadDb, ids: readonly string[]): Promise<BulkTarget[]> {
  const rows = withoutTombstones(await db.rows('incidents').bulkGet([...ids]))
  return rows.map((r) => ({
    id: r.id,
    short: shortId(r.id),
    status: r.status,
    assigneeId: r.assigneeId ?? null,
    version: r.version,
  }))
}

/** How an action reads: "Assigned to mia", "Set to Waiting on customer". */
export function verbOf(action: BulkAction, names: Pick<Names, 'nameOf'>, me: string): string {
  if (action.kind === 'status') return `Set to ${statusLabel[action.status]}`
  if (action.assigneeId === null) return 'Unassigned'
  return `Assigned to ${action.assigneeId === me ? 'you' : names.nameOf(action.assigneeId)}`
}

/**
 * Runs a bulk action (or a single assignment from the palette) on incidents by id, keeps the progress while it
 * writes, and leaves the report with its Undo in the UI store for the screen to show.
 */
export function useBulkAction() {
  const { engine, db, session } = useEngine()
  const names = useDirectory()
  const me = session.user.id
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)

  const run = useCallback(
    async (action: BulkAction, ids: readonly string[]): Promise<BulkReport> => {
      const plan = planBulk(action, await targetsOf(db, ids), (a) => {
        const verb = verbOf(a, names, me)
        return verb.charAt(0).toLowerCase() + verb.slice(1)
      })
      setProgress({ done: 0, total: plan.calls.length })
      try {
        const report = await runBulk(
          (calls, onProgress) => engine.mutateAll(calls, onProgress),
          plan,
          shortId,
          (done, total) => setProgress({ done, total }),
        )
        useUi.getState().setBulkReport({ report, summary: summarize(report, verbOf(action, names, me)) })
        return report
      } finally {
        setProgress(null)
      }
    },
    [db, engine, names, me],
  )

  const undo = useCallback(
    async (report: BulkReport): Promise<void> => {
      const result = await engine.mutateAll(report.undo)
      useUi.getState().setBulkReport({
        report: { ...report, undo: [] },
        summary: result.ok
          ? `Undone: ${report.undo.length} put back as they were`
          : `Undo failed: ${result.error.message}`,
      })
    },
    [engine],
  )

  return { run, undo, progress }
}
