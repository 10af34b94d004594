/**
 * The reports' charts (recharts, loaded with the Reports screen's own chunk). Each is a picture for people who
 * look rather than read, named for assistive technology by a sentence that says what it shows; the same numbers
 * are in the table beside it, which is what a screen reader should read.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { BurnDown, SlaRow, WorkloadRow } from '@shared/reports'

/** Colours that read on both the light and the dark theme. */
const palette = ['#4c6ef5', '#f08c00', '#2f9e44', '#d6336c', '#1098ad', '#7048e8']
const MET = '#2f9e44'
const BREACHED = '#e03131'
const OPEN = '#868e96'

function ChartFrame({
  label,
  children,
  height = 240,
}: {
  label: string
  children: React.ReactNode
  height?: number
}) {
  return (
    <div className="report-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    </div>
  )
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100

export function BurnDownLines({ burnDown, label }: { burnDown: BurnDown; label: string }) {
  const data = burnDown.days.map((d) => {
    const point: Record<string, string | number | null> = { date: d.date.slice(5) }
    for (const p of burnDown.packs) {
      const v = d.remaining[p.id]
      point[p.id] = v === null || v === undefined ? null : hours(v)
    }
    return point
  })
  return (
    <ChartFrame label={label}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" className="chart-grid" />
        <XAxis dataKey="date" minTickGap={16} />
        <YAxis unit=" h" width={56} />
        <Tooltip />
        <Legend />
        {burnDown.packs.map((p, i) => (
          <Line
            key={p.id}
            type="stepAfter"
            dataKey={p.id}
            name={p.label}
            stroke={palette[i % palette.length]}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  )
}

export function SlaBars({ rows, label }: { rows: readonly SlaRow[]; label: string }) {
  // one horizontal bar per row of the table, named as the table names it, so the two read side by side
  const data = rows.map((r) => ({
    name: `${r.plan} · ${r.severity}`,
    met: r.met,
    breached: r.breached,
    open: r.open,
  }))
  return (
    <ChartFrame label={label} height={Math.max(240, 48 + data.length * 28)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" className="chart-grid" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={220} tick={{ fontSize: 11 }} interval={0} />
        <Tooltip />
        <Legend />
        <Bar dataKey="met" name="Met" stackId="a" fill={MET} isAnimationActive={false} />
        <Bar dataKey="breached" name="Breached" stackId="a" fill={BREACHED} isAnimationActive={false} />
        <Bar dataKey="open" name="Open" stackId="a" fill={OPEN} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  )
}

export function WorkloadBars({ rows, label }: { rows: readonly WorkloadRow[]; label: string }) {
  const data = rows.map((r) => ({
    name: r.engineer,
    calm: r.open - r.atRisk - r.breached,
    atRisk: r.atRisk,
    overdue: r.breached,
  }))
  return (
    <ChartFrame label={label}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" className="chart-grid" />
        <XAxis dataKey="name" />
        <YAxis allowDecimals={false} width={40} />
        <Tooltip />
        <Legend />
        <Bar dataKey="calm" name="Open, on time" stackId="a" fill={palette[0]} isAnimationActive={false} />
        <Bar dataKey="atRisk" name="At risk" stackId="a" fill={palette[1]} isAnimationActive={false} />
        <Bar dataKey="overdue" name="Overdue" stackId="a" fill={BREACHED} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  )
}
