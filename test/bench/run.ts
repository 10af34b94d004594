/**
 * `npm run bench`: imports every *.bench.ts beside this file (or those named on the command line), runs them one
 * after another (never in parallel: they would disturb each other's timings) and prints one table.
 */
import { readdirSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ratioOf, type Benchmark, type BenchRow } from './harness'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

function format(n: number | null): string {
  if (n === null || Number.isNaN(n)) return '-'
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US')
  return n.toPrecision(3)
}

const rows: BenchRow[] = []
let failed = false
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark }
  process.stderr.write(`running ${basename(file)} (${mod.default.name})…\n`)
  try {
    rows.push(...(await mod.default.run()))
  } catch (error) {
    failed = true
    process.stderr.write(`  ${file} failed: ${error instanceof Error ? error.message : String(error)}\n`)
  }
}

const table = [
  ['benchmark', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'],
  ...rows.map((r) => [
    r.benchmark,
    r.metric,
    format(r.value),
    format(r.baseline),
    ratioOf(r) === null ? '-' : `${format(ratioOf(r))}x`,
    r.target ?? '-',
    r.met === undefined ? '-' : r.met ? 'yes' : 'NO',
  ]),
]
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)))
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '))
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
}
if (files.length === 0) console.log('(no benchmarks found)')
process.exitCode = failed ? 1 : 0
