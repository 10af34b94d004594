/**
 * The server as a child process (`node --import tsx server/src/cli/main.ts serve …`), for tests that kill it.
 * It listens on port 0; the address is read from its first structured log line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface ChildServer {
  url: string
  process: ChildProcess
  /** resolves with the exit signal/code */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export async function startChildServer(
  args: string[],
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli/main.ts', 'serve', '--port', '0', ...args],
    {
      cwd: root,
      // tsx reads the server's tsconfig for the @shared/* paths
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.server.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += String(d)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time: ${stderr}`)), 30_000)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; address?: string }
        if (entry.msg === 'Caseload server listening' && entry.address) {
          clearTimeout(timer)
          resolve(entry.address)
        }
      } catch {
        // not a log line
      }
    })
    void exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}) before listening: ${stderr}`))
    })
  })
  return { url, process: child, exited }
}
