/** Runs the server's CLI as a user would (`npm run server -- …`): a child process on a given data dir. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export function runServerCli(
  dataDir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli/main.ts', ...args, '--data-dir', dataDir, '--log-level', 'silent'],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.server.json', ...env },
      encoding: 'utf8',
    },
  )
}
