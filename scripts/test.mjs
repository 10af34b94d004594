// `npm test`: every check CI runs, in order, each one to the end so a red run shows everything that is wrong.
// Closes with one line "N passed, N failed" counting the tests the runners executed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const reports = 'test-results'
rmSync(`${reports}/vitest-report.json`, { force: true })
rmSync(`${reports}/e2e-report.json`, { force: true })
mkdirSync(reports, { recursive: true })

const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['format', 'npx', ['prettier', '--check', '.']],
  [
    'unit + integration (vitest)',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/vitest-report.json`,
    ],
  ],
  ['end-to-end (Playwright, Chromium)', 'npx', ['playwright', 'test']],
]

const outcomes = []
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  outcomes.push({ name, ok: result.status === 0, seconds: Math.round((Date.now() - started) / 1000) })
}

function count(file, read) {
  if (!existsSync(file)) return { passed: 0, failed: 0 }
  return read(JSON.parse(readFileSync(file, 'utf8')))
}
const vitest = count(`${reports}/vitest-report.json`, (r) => ({
  passed: r.numPassedTests ?? 0,
  failed: r.numFailedTests ?? 0,
}))
const e2e = count(`${reports}/e2e-report.json`, (r) => ({
  passed: r.stats?.expected ?? 0,
  failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0),
}))

console.log('\n=== summary')
for (const o of outcomes) console.log(`${o.ok ? 'ok    ' : 'FAILED'} ${o.name} (${o.seconds}s)`)
const failedSteps = outcomes.filter((o) => !o.ok).length
const passed = vitest.passed + e2e.passed
// A failed step that ran no test (typecheck, lint) still counts as a failure in the closing line.
const failed = vitest.failed + e2e.failed + outcomes.filter((o) => !o.ok && !o.name.includes('(')).length
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(failedSteps === 0 ? 0 : 1)
