import { useMemo, useState, type FormEvent } from 'react'
import { NumberField } from '../../ui/NumberField'
import { v7 as uuidv7 } from 'uuid'
import type { SupportPack } from '@shared/domain'
import type { TimeEntryRow } from '@shared/mutations'
import { hrefOf } from '../../stores/route'
import { formatInstant, shortId } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import { useEngine } from '../sync/engine-context'
import { BurnDownChart } from './BurnDownChart'
import { useDirectory } from '../directory/useDirectory'
import { formatDate, utcDate } from './dates'
import {
  PACK_SIZES_HOURS,
  balanceLevel,
  balanceWarning,
  burnDownSeries,
  hours,
  packLedger,
} from './packs-model'
import { ErrorLine } from '../../ui/ErrorLine'
import { TableHead } from '../../ui/TableHead'

function BuyPack({ customerId, nowMs }: { customerId: string; nowMs: number }) {
  const [size, setSize] = useState<string>('10')
  const [other, setOther] = useState('')
  const [purchasedAt, setPurchasedAt] = useState<string | null>(null)
  const { run, error, busy } = useMutate()
  const hoursBought = size === 'other' ? Number(other) : Number(size)
  const valid = Number.isInteger(hoursBought) && hoursBought > 0 && hoursBought <= 10_000
  const date = purchasedAt ?? utcDate(nowMs)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid) return
    const ok = await run('supportPack.purchase', {
      id: uuidv7(),
      customerId,
      minutes: hoursBought * 60,
      label: `${hoursBought}-hour pack`,
      purchasedAt: date,
    })
    if (ok) {
      setOther('')
      setPurchasedAt(null)
    }
  }

  return (
    <form className="row buy-pack" aria-label="Buy a support pack" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Pack size</span>
        <select value={size} onChange={(e) => setSize(e.target.value)}>
          {PACK_SIZES_HOURS.map((h) => (
            <option key={h} value={String(h)}>
              {h} hours
            </option>
          ))}
          <option value="other">Other…</option>
        </select>
      </label>
      {size === 'other' ? (
        <NumberField
          label="Hours"
          value={other}
          onChange={setOther}
          min={1}
          max={10000}
          aria-invalid={other !== '' && !valid}
        />
      ) : null}
      <label className="field">
        <span>Bought on</span>
        <input type="date" value={date} onChange={(e) => setPurchasedAt(e.target.value || null)} />
      </label>
      <button type="submit" disabled={busy || !valid}>
        Buy pack
      </button>
      {size === 'other' && other !== '' && !valid ? (
        <p className="error">Hours: a whole number from 1 to 10,000.</p>
      ) : null}
      <ErrorLine error={error} />
    </form>
  )
}

/** Prepaid support packs (R-PM-5): balance with a warning, the burn-down, and the ledger of what was drawn. */
export function PacksPanel({
  customerId,
  packs,
  entries,
  subjects,
  nowMs,
}: {
  customerId: string
  packs: SupportPack[]
  entries: TimeEntryRow[]
  subjects: ReadonlyMap<string, string>
  nowMs: number
}) {
  const { session } = useEngine()
  const ledger = useMemo(() => packLedger(packs, entries), [packs, entries])
  const series = useMemo(() => burnDownSeries(ledger, nowMs), [ledger, nowMs])
  const level = balanceLevel(ledger)
  const warning = balanceWarning(ledger)
  const labels = new Map(packs.map((p) => [p.id, p.label || 'Support pack']))
  const names = useDirectory()
  const engineer = (userId: string) =>
    userId === session.user.id
      ? `${session.user.username} (you)`
      : names.knows(userId)
        ? names.nameOf(userId)
        : `Engineer ${shortId(userId)}`
  return (
    <section className="card" aria-labelledby="packs-title">
      <h3 id="packs-title">Support packs</h3>
      {packs.length > 0 ? (
        <p className={`balance balance-${level}`} data-testid="pack-total">
          Balance: <strong>{hours(ledger.remaining)}</strong> left of {hours(ledger.purchased)} bought (
          {hours(ledger.used)} billable time drawn)
        </p>
      ) : null}
      {warning ? (
        <p
          className={`notice ${level === 'negative' ? 'danger' : 'warn'}`}
          role="status"
          data-testid="pack-warning"
        >
          {warning}
        </p>
      ) : null}
      {ledger.packs.length > 0 ? (
        <ul className="packs-list">
          {ledger.packs.map(({ pack, balance }) => (
            <li key={pack.id} data-testid="pack">
              {pack.label || 'Support pack'} · bought {formatDate(pack.purchasedAt)} ·{' '}
              <span className={balance.overdrawn ? 'error' : ''}>
                {hours(balance.remaining)} left of {hours(balance.purchased)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <BuyPack customerId={customerId} nowMs={nowMs} />
      {series.length > 0 ? <BurnDownChart series={series} ledger={ledger} /> : null}
      {ledger.lines.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table ledger" aria-label="Support-pack ledger">
            <TableHead
              columns={[
                'Date',
                'What',
                'Engineer',
                { label: 'Hours', className: 'num' },
                { label: 'Balance', className: 'num' },
              ]}
            />
            <tbody>
              {[...ledger.lines].reverse().map((line) => (
                <tr
                  key={`${line.kind}:${line.id}`}
                  data-testid="ledger-row"
                  className={`ledger-${line.kind}`}
                >
                  <td>{line.kind === 'purchase' ? formatDate(line.at) : formatInstant(line.at)}</td>
                  <td>
                    {line.kind === 'purchase' ? (
                      `Bought: ${line.label || 'support pack'}`
                    ) : (
                      <>
                        <a href={hrefOf({ name: 'incident', id: line.incidentId })}>
                          {subjects.get(line.incidentId) ?? `Incident ${shortId(line.incidentId)}`}
                        </a>
                        {packs.length > 1 ? (
                          <span className="muted small"> · {labels.get(line.packId)}</span>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td>{line.kind === 'entry' ? engineer(line.userId) : '—'}</td>
                  <td className="num">
                    {line.kind === 'purchase' ? `+${hours(line.minutes)}` : `−${hours(line.minutes)}`}
                  </td>
                  <td className={`num ${line.balance < 0 ? 'error' : ''}`}>{hours(line.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
