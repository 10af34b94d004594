/** The billable statement as the customer will read it: this block alone is what prints (reports.css). */
import { hoursMinutes, type Statement, type StatementLine } from '@shared/reports'
import { TableHead, num } from '../../ui/TableHead'
import { hrefOf } from '../../stores/route'

function Lines({ lines, label }: { lines: readonly StatementLine[]; label: string }) {
  return (
    <table className="list-table statement-lines" aria-label={label}>
      <TableHead columns={['Date', 'Engineer', 'Incident', num('Time'), 'Billable (rule)', 'Pack']} />
      <tbody>
        {lines.map((l) => (
          <tr key={l.entryId} data-testid="statement-line">
            <td className="nowrap">{l.date}</td>
            <td>{l.engineer}</td>
            <td>
              <a href={hrefOf({ name: 'incident', id: l.incidentId })}>{l.incidentSubject}</a>
            </td>
            <td className="num">{hoursMinutes(l.minutes)}</td>
            <td title={l.reason}>
              {l.billable ? 'Billable' : 'Not billable'} ({l.ruleId}){l.overridden ? ' override' : ''}
              <div className="muted small">{l.reason}</div>
            </td>
            <td>{l.packLabel ?? '-'}</td>
          </tr>
        ))}
        {lines.length === 0 ? (
          <tr>
            <td colSpan={6} className="muted">
              No time was logged in this period.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  )
}

export function StatementView({ statement: s, vendor }: { statement: Statement; vendor: string }) {
  const t = s.totals
  const summary: [string, number, string][] = [
    ['Balance before', t.balanceBefore, 'before'],
    ['Bought in period', t.purchasedInPeriod, 'bought'],
    ['Drawn in period', t.drawn, 'drawn'],
    ['Balance after', t.balanceAfter, 'after'],
  ]
  return (
    <article className="statement print-area card" aria-labelledby="statement-title" data-testid="statement">
      <header className="statement-header">
        <div className="statement-vendor">{vendor}</div>
        <h3 id="statement-title">Statement for {s.customer.name}</h3>
        <p data-testid="statement-period">
          Period: {s.period.from} to {s.period.to} (days in {s.period.zone})
        </p>
      </header>
      <dl className="statement-summary">
        {summary.map(([label, minutes, key]) => (
          <div key={key} className={minutes < 0 ? 'negative' : ''}>
            <dt>{label}</dt>
            <dd data-testid={`statement-${key}`}>{hoursMinutes(minutes)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small" data-testid="statement-logged">
        Time logged {hoursMinutes(t.minutes)}: billable {hoursMinutes(t.billableMinutes)}, not billable{' '}
        {hoursMinutes(t.nonBillableMinutes)}
        {t.unpackedBillableMinutes > 0
          ? `, billable without a pack ${hoursMinutes(t.unpackedBillableMinutes)}`
          : ''}
        . Hours are h:mm.
      </p>
      <h4>Time entries</h4>
      <Lines lines={s.lines} label="Time entries" />
      <h4>Emergency incidents (R-ST-4)</h4>
      {s.emergency.length === 0 ? (
        <p className="muted">No emergency incident in this period.</p>
      ) : (
        <>
          <p className="muted small">{s.emergency[0]!.reason}</p>
          <table className="list-table" aria-label="Emergency incidents">
            <TableHead columns={['Opened', 'Incident', num('Time'), 'Rule']} />
            <tbody>
              {s.emergency.map((e) => (
                <tr key={e.incidentId} data-testid="statement-emergency">
                  <td>{e.date}</td>
                  <td>
                    <a href={hrefOf({ name: 'incident', id: e.incidentId })}>{e.subject}</a>
                  </td>
                  <td className="num">{hoursMinutes(e.minutes)}</td>
                  <td>{e.ruleId}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.emergency
            .filter((e) => e.lines.length > 0)
            .map((e) => (
              <Lines key={e.incidentId} lines={e.lines} label={`Time on ${e.subject}`} />
            ))}
        </>
      )}
      <h4>Support packs (R-PM-5)</h4>
      {s.packs.length === 0 ? (
        <p className="muted">This customer has no support pack.</p>
      ) : (
        <table className="list-table" aria-label="Support packs">
          <TableHead
            columns={['Pack', 'Bought on', num('Before'), num('Bought'), num('Drawn'), num('After')]}
          />
          <tbody>
            {s.packs.map((p) => (
              <tr key={p.packId} data-testid="statement-pack">
                <td>{p.label}</td>
                <td>{p.purchasedAt}</td>
                <td className="num">{hoursMinutes(p.before)}</td>
                <td className="num">{hoursMinutes(p.purchasedInPeriod)}</td>
                <td className="num">{hoursMinutes(p.drawn)}</td>
                <td className={`num ${p.after < 0 ? 'negative' : ''}`}>{hoursMinutes(p.after)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num">{hoursMinutes(t.balanceBefore)}</td>
              <td className="num">{hoursMinutes(t.purchasedInPeriod)}</td>
              <td className="num">{hoursMinutes(t.drawn)}</td>
              <td className="num">{hoursMinutes(t.balanceAfter)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </article>
  )
}
