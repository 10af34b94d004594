// Runs the benchmark table through tsx so benchmarks are plain TypeScript like the code they measure;
// tsconfig.tests.json gives them the @shared/* paths.
import { spawnSync } from 'node:child_process'
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'test/bench/run.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.tests.json' },
  },
)
process.exit(result.status ?? 1)
