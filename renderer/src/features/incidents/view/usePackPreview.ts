/**
 * The time-entry form's warning, from a dry run of the real `timeEntry.log` on a scratch copy of what it reads
 * (as New incident previews its entitlement): the mutator picks the one pack the entry would be drawn from, so
 * the warning names that pack and its balance after, never a sum over every pack the customer has.
 */
import { useEffect, useMemo, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { TimeEntryKind } from '@shared/domain'
import type { StoredRow, TableName, TimeEntryRow } from '@shared/mutations'
import { supportPackBalance } from '@shared/policy'
import { useEngine } from '../../sync/engine-context'
import { dryRun } from '../shared/dry-run'
import { formatMinutes } from '../shared/format'
import type { IncidentData } from './useIncidentData'

export type PackPreview =
  | { kind: 'none' }
  | { kind: 'no-pack'; message: string }
  | { kind: 'overdraw'; message: string; packId: string }
  | { kind: 'refused'; message: string }

/** The warning for logging `minutes` of `kind` on this incident (null: nothing to ask, e.g. an invalid value). */
export function usePackPreview(
  data: IncidentData,
  entry: { minutes: number; kind: TimeEntryKind } | null,
): PackPreview {
  const { db, session } = useEngine()
  const incident = data.incident
  // what timeEntry.log reads besides what the incident view already holds: estimates, plans, calendars
  const extra = useLiveQuery(async () => {
    const anomalyIds = data.anomalies.map((a) => a.id)
    return {
      costEstimates: await db.rows('costEstimates').where('anomalyId').anyOf(anomalyIds).toArray(),
      subscriptions: incident.licenseId
        ? await db.rows('subscriptions').where('licenseId').equals(incident.licenseId).toArray()
        : [],
      plans: await db.rows('plans').toArray(),
      calendars: await db.rows('calendars').toArray(),
    }
  }, [db, data.anomalies, incident.licenseId])
  const seed = useMemo((): Partial<Record<TableName, readonly StoredRow[]>> | null => {
    if (!extra) return null
    const rows = (list: readonly { id: string }[]): StoredRow[] =>
      list.map((r) => ({ version: 0, deleted: false, ...r }))
    const entries = new Map<string, TimeEntryRow>()
    for (const e of [...data.packEntries, ...data.entries]) entries.set(e.id, e)
    return {
      incidents: rows([incident]),
      timeEntries: rows([...entries.values()]),
      supportPacks: rows(data.packs),
      remoteAccessAgreements: rows(data.agreements),
      anomalyReports: rows(data.anomalies),
      licenses: rows(data.license ? [data.license] : []),
      customers: rows(data.customer ? [data.customer] : []),
      costEstimates: extra.costEstimates,
      subscriptions: extra.subscriptions,
      plans: extra.plans,
      calendars: extra.calendars,
    }
  }, [extra, data, incident])
  // the answer is kept with the seed and entry it was computed for: a stale one is never shown
  const [result, setResult] = useState<{ for: unknown; preview: PackPreview } | null>(null)
  const minutes = entry?.minutes ?? 0
  const kind = entry?.kind ?? null
  const asked = useMemo(() => ({ seed, minutes, kind }), [seed, minutes, kind])

  useEffect(() => {
    if (!seed || kind === null) return
    let current = true
    const setPreview = (preview: PackPreview) => setResult({ for: asked, preview })
    const id = '00000000-0000-7000-8000-000000000000'
    const actor = { userId: session.user.id, role: session.user.role, teamIds: session.user.teams }
    void dryRun(seed, 'timeEntry.log', { id, incidentId: incident.id, minutes, kind }, actor).then(
      async ({ outcome, store }) => {
        if (!current) return
        if (outcome.status === 'rejected') {
          setPreview({ kind: 'refused', message: outcome.error.message })
          return
        }
        if (outcome.flags.includes('no-support-pack')) {
          setPreview({
            kind: 'no-pack',
            message: 'This time is billable and the customer has no support pack: offer one (R-PM-5).',
          })
          return
        }
        if (!outcome.flags.includes('pack-overdrawn')) {
          setPreview({ kind: 'none' })
          return
        }
        const logged = await store.get('timeEntries', id)
        const pack = data.packs.find((p) => p.id === logged?.supportPackId)
        if (!current || !pack) return
        // the balance of that one pack with this entry drawn from it (billable: the mutator flagged it so)
        const drawn = data.packEntries.filter((e) => e.supportPackId === pack.id)
        const after = supportPackBalance(pack, [...drawn, { minutes, billable: true }]).remaining
        const name = pack.label ? `the support pack "${pack.label}"` : 'the support pack'
        setPreview({
          kind: 'overdraw',
          packId: pack.id,
          message: `This billable time takes ${name} below zero: ${formatMinutes(after + minutes)} left, ${formatMinutes(minutes)} to log, ${formatMinutes(after)} after (R-PM-5).`,
        })
      },
    )
    return () => {
      current = false
    }
  }, [asked, seed, incident.id, minutes, kind, session.user, data.packs, data.packEntries])
  return result && result.for === asked && kind !== null ? result.preview : { kind: 'none' }
}
