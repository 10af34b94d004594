import { useId } from 'react'
import { formatInstant } from '../incidents/shared/format'
import { formatDate } from './dates'
import { burnDownSummary, hours, type BurnPoint, type PackLedger } from './packs-model'

const W = 600
const H = 180
const pad = { left: 56, right: 12, top: 12, bottom: 28 }

/**
 * The support-pack balance over time, as a step line (it only moves when a pack is bought or time is drawn).
 * Drawn here rather than with a chart library: a few dozen SVG elements. The picture has a title and a text
 * description for screen readers, and the same words are printed under it.
 */
export function BurnDownChart({ series, ledger }: { series: BurnPoint[]; ledger: PackLedger }) {
  const id = useId()
  const summary = burnDownSummary(ledger, formatDate)
  if (series.length === 0) return <p className="muted small">{summary}</p>
  const t0 = series[0]!.t
  // at least an hour wide, so a pack bought and drawn the same day still shows its steps
  const t1 = Math.max(series[series.length - 1]!.t, t0 + 3_600_000)
  // within two days the ends are told apart by their time of day
  const when = (t: number) =>
    t1 - t0 < 2 * 86_400_000
      ? formatInstant(new Date(t).toISOString())
      : formatDate(new Date(t).toISOString())
  const top = Math.max(...series.map((p) => p.balance), 60)
  const bottom = Math.min(0, ...series.map((p) => p.balance))
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * (W - pad.left - pad.right)
  const y = (b: number) => pad.top + ((top - b) / (top - bottom)) * (H - pad.top - pad.bottom)
  let d = `M ${x(series[0]!.t).toFixed(1)} ${y(series[0]!.balance).toFixed(1)}`
  for (const p of series.slice(1)) d += ` H ${x(p.t).toFixed(1)} V ${y(p.balance).toFixed(1)}`
  const area = `${d} V ${y(0).toFixed(1)} H ${x(series[0]!.t).toFixed(1)} Z`
  const last = series[series.length - 1]!
  return (
    <figure className="burn-down">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="burn-down"
      >
        <title id={`${id}-title`}>Support-pack balance over time</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line className="axis" x1={pad.left} x2={W - pad.right} y1={y(0)} y2={y(0)} />
        <line className="axis" x1={pad.left} x2={pad.left} y1={pad.top} y2={H - pad.bottom} />
        <text className="tick" x={pad.left - 6} y={y(top) + 4} textAnchor="end">
          {hours(top)}
        </text>
        <text className="tick" x={pad.left - 6} y={y(0) + 4} textAnchor="end">
          0 h
        </text>
        {bottom < 0 && y(bottom) - y(0) >= 12 ? (
          <text className="tick negative" x={pad.left - 6} y={y(bottom) + 4} textAnchor="end">
            {hours(bottom)}
          </text>
        ) : null}
        <text className="tick" x={pad.left} y={H - 8} textAnchor="start">
          {when(t0)}
        </text>
        <text className="tick" x={W - pad.right} y={H - 8} textAnchor="end">
          {when(t1)}
        </text>
        <path className="burn-area" d={area} />
        <path className={`burn-line ${last.balance < 0 ? 'negative' : ''}`} d={d} />
        <circle
          className={`burn-dot ${last.balance < 0 ? 'negative' : ''}`}
          cx={x(last.t)}
          cy={y(last.balance)}
          r={4}
        />
      </svg>
      <figcaption className="muted small" data-testid="burn-down-summary">
        {summary}
      </figcaption>
    </figure>
  )
}
