/**
 * `report statement --customer X --from YYYY-MM-DD --to YYYY-MM-DD [--pdf file] [--csv file] [--vendor NAME]`:
 * the month-end statement of one customer, computed by shared/reports from the server's rows (the same figures
 * as the app's Reports screen); `--pdf` writes the statement a vendor sends its customer.
 * `report sla --from --to [--csv file]`: SLA compliance per plan, severity and team.
 * The statement's days are read in the zone of the customer's plan calendar (statementZone), stated on it.
 */
import { writeFileSync } from 'node:fs'
import {
  billableStatement,
  hoursMinutes,
  percent,
  reportIncident,
  slaCompliance,
  slaCsv,
  statementCsv,
  statementInput,
  ReportInputError,
} from '@shared/reports'
import type { Db } from '../db/connect'
import { readCustomerRows, readSlaRows, ReportError } from '../reports/rows'
import { renderStatementPdf } from '../reports/statement-pdf'
import { UsageError, type CliArgs } from './args'

/** The report options of the command line (see args.ts). */
export type ReportArgs = Pick<CliArgs, 'customer' | 'from' | 'to' | 'pdf' | 'csv' | 'vendor'>

function required(value: string | undefined, flag: string, what: string): string {
  if (!value) throw new UsageError(`report: ${flag} ${what}`)
  return value
}

function write(file: string, data: string | Buffer, flag: string): void {
  try {
    writeFileSync(file, data)
  } catch (error) {
    throw new ReportError(`${flag} ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export async function reportStatement(db: Db, args: ReportArgs, now: Date): Promise<string> {
  const customer = required(args.customer, '--customer', 'NAME|ID')
  const from = required(args.from, '--from', 'YYYY-MM-DD')
  const to = required(args.to, '--to', 'YYYY-MM-DD')
  const rows = await readCustomerRows(db, customer)
  let statement
  try {
    statement = billableStatement(statementInput(rows, { from, to }, rows.engineers))
  } catch (error) {
    if (error instanceof ReportInputError && error.field.startsWith('period.'))
      throw new UsageError(
        `--${error.field.slice('period.'.length)}: ${error.message.replace(/^[^:]+: /, '')}`,
      )
    throw error
  }
  if (args.pdf) {
    const pdf = await renderStatementPdf(statement, {
      vendor: args.vendor ?? 'Caseload',
      generatedAt: now.toISOString(),
    })
    write(args.pdf, pdf, '--pdf')
  }
  if (args.csv) write(args.csv, `\ufeff${statementCsv(statement)}`, '--csv')
  const t = statement.totals
  return [
    `Statement for ${statement.customer.name}, ${from} to ${to} (days in ${statement.period.zone})`,
    `${statement.lines.length} time entries, ${statement.emergency.length} emergency incident(s)`,
    `Time logged ${hoursMinutes(t.minutes)}: billable ${hoursMinutes(t.billableMinutes)}, not billable ${hoursMinutes(t.nonBillableMinutes)}`,
    `Balance before ${hoursMinutes(t.balanceBefore)}, bought ${hoursMinutes(t.purchasedInPeriod)}, drawn ${hoursMinutes(t.drawn)}, after ${hoursMinutes(t.balanceAfter)}`,
    ...(args.pdf ? [`PDF written to ${args.pdf}`] : []),
    ...(args.csv ? [`CSV written to ${args.csv}`] : []),
  ].join('\n')
}

export async function reportSla(db: Db, args: ReportArgs, now: Date): Promise<string> {
  const from = required(args.from, '--from', 'YYYY-MM-DD')
  const to = required(args.to, '--to', 'YYYY-MM-DD')
  const rows = await readSlaRows(db, from, to)
  const planOfSub = new Map(rows.subscriptions.map((s) => [s.id, s.planId]))
  const teamOf = new Map(rows.customers.map((c) => [c.id, c.teamId]))
  let report
  try {
    report = slaCompliance({
      from,
      to,
      incidents: rows.incidents.map((i) =>
        reportIncident(
          i,
          (id) => planOfSub.get(id),
          (id) => teamOf.get(id),
        ),
      ),
      catalog: rows.catalog,
      teams: rows.teams,
      now: now.toISOString(),
    })
  } catch (error) {
    if (error instanceof ReportInputError && error.field.startsWith('period.'))
      throw new UsageError(
        `--${error.field.slice('period.'.length)}: ${error.message.replace(/^[^:]+: /, '')}`,
      )
    throw error
  }
  if (args.csv) write(args.csv, `\ufeff${slaCsv(report)}`, '--csv')
  const lines = report.rows.map(
    (r) =>
      `${r.plan}\t${r.severity}\t${r.team}\t${r.incidents} incidents\t${r.met} met\t${r.breached} breached\t${r.open} open\t${percent(r.compliance)}`,
  )
  return [
    `SLA compliance, incidents opened ${from} to ${to} (each in its plan calendar's zone)`,
    ...lines,
    `Total: ${report.total.incidents} incidents, ${report.total.met} met, ${report.total.breached} breached, ${report.total.open} open (${percent(report.total.compliance)}); ${report.withoutTarget.length} without a response target`,
    ...(args.csv ? [`CSV written to ${args.csv}`] : []),
  ].join('\n')
}
