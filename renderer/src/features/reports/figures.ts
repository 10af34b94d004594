/**
 * From the rows load.ts read to the figures the Reports screen shows, without React: the screen's memos and the
 * benchmark (test/bench/reports.bench.ts) compute them the same way.
 */
import {
  billableStatement,
  packBurnDown,
  slaCompliance,
  statementInput,
  type BurnDown,
  type SlaReport,
  type Statement,
} from '@shared/reports'
import type { SlaRows, StatementRows } from './load'

export interface StatementFigures {
  statement: Statement
  burnDown: BurnDown
}

/** The statement and its packs' burn-down for a period; engineers are named by `nameOf`. */
export function statementFigures(
  rows: StatementRows,
  period: { from: string; to: string },
  nameOf: (userId: string) => string,
): StatementFigures {
  const engineers: Record<string, string> = {}
  for (const e of rows.entries) engineers[e.userId] ??= nameOf(e.userId)
  const input = statementInput(rows, period, engineers)
  return {
    statement: billableStatement(input),
    burnDown: packBurnDown(input.packs, input.entries, input.period),
  }
}

/** SLA compliance of the incidents opened in the period, as of `now` (an ISO instant); teams named by `teamName`. */
export function slaFigures(
  rows: SlaRows,
  period: { from: string; to: string },
  teamName: (teamId: string) => string,
  now: string,
): SlaReport {
  const teams: Record<string, string> = {}
  for (const i of rows.incidents) if (i.teamId) teams[i.teamId] ??= teamName(i.teamId)
  return slaCompliance({
    from: period.from,
    to: period.to,
    incidents: rows.incidents,
    catalog: rows.catalog,
    teams,
    now,
  })
}
