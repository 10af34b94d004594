// Reports (issue 13): pure figures computed from the rows, the same in the app (from the local copy) and on the
// server (the CLI). Time is an argument; bad input throws ReportInputError naming the field.
export { ReportInputError } from './errors'
export {
  periodBounds,
  periodDays,
  monthOf,
  localDate,
  PeriodSchema,
  type Period,
  type PeriodBounds,
} from './period'
export {
  billableStatement,
  statementZone,
  isEmergency,
  type Statement,
  type StatementInput,
  type StatementLine,
  type StatementPack,
  type StatementEntry,
  type StatementIncident,
  type EmergencyLine,
  type PackTotals,
} from './statement'
export { packBurnDown, type BurnDown, type BurnDownDay } from './burn-down'
export {
  slaCompliance,
  type SlaInput,
  type SlaIncident,
  type SlaReport,
  type SlaRow,
  type SlaIds,
} from './sla'
export { engineerWorkload, type WorkloadIncident, type WorkloadEntry, type WorkloadRow } from './workload'
export { incidentClock, planIn, calendarIn, type Catalog, type ClockIncident } from './incident-clock'
export { statementCsv, slaCsv, burnDownCsv, workloadCsv, slaColumns, workloadColumns } from './csv'
export { hoursMinutes, percent } from './format'
export { nearestRank } from './percentiles'
export {
  reportIncident,
  catalogOf,
  statementRows,
  statementInput,
  type IncidentLike,
  type StatementRows,
} from './rows'
