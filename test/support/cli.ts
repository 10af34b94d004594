/** Runs the server's CLI as a user would (`npm run server -- …`): a child process on a given data dir. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

const command = (dataDir: string, args: readonly string[]): string[] => [
  '--import',
  'tsx',
  'server/src/cli/main.ts',
  ...args,
  '--data-dir',
  dataDir,
  '--log-level',
  'silent',
]
const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  TSX_TSCONFIG_PATH: 'tsconfig.server.json',
  ...env,
})

/**
 * Blocks this process until the command ends: only for commands that need nothing served by this process.
 * A server the test runs in-process (the SMTP sink) can't answer while it blocks: use runServerCliAsync.
 */
export function runServerCli(
  dataDir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, command(dataDir, args), {
    cwd: root,
    env: childEnv(env),
    encoding: 'utf8',
  })
}

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** The same command, leaving this process's event loop free (for servers the test runs in-process). */
export function runServerCliAsync(
  dataDir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command(dataDir, args), { cwd: root, env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.once('error', reject)
    child.once('close', (status) => resolve({ status, stdout, stderr }))
  })
}
