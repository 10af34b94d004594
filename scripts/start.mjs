// `npm start`: builds the desktop app (electron-vite build) and runs it together with a local Caseload
// server on the embedded database, with demo data on first start. Closing the app stops the server.
//
// Where the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, no network), it says so and
// what to do instead, and exits non-zero before building anything.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

export const electronMissingMessage =
  'The Electron binary is not installed. Run `npm install` with network access to download it ' +
  '(unset ELECTRON_SKIP_BINARY_DOWNLOAD), or use `npm run web` to run Caseload in a browser.'

export const serverMissingMessage = 'Caseload server not available yet; the app starts offline'

/** The server entry point `npm start` runs, relative to the repository root. */
export const serverEntry = 'server/src/cli/main.ts'

/**
 * Where the Electron binary is. The electron package's index.js throws when its install step did not
 * download the binary (no node_modules/electron/path.txt); a path to a missing file counts as missing too.
 */
export function findElectronBinary({
  requireElectron = () => require('electron'),
  exists = existsSync,
} = {}) {
  let binary
  try {
    binary = requireElectron()
  } catch {
    return { ok: false, message: electronMissingMessage }
  }
  if (typeof binary !== 'string' || !exists(binary)) return { ok: false, message: electronMissingMessage }
  return { ok: true, path: binary }
}

/**
 * Starts the local server (`npx tsx server/src/cli/main.ts serve --demo-if-empty`, run through tsx's own
 * CLI so signals reach it directly, with tsconfig.server.json so the @shared/* paths resolve) when the
 * server exists; otherwise says the app starts offline. Returns the child process, or null.
 */
export function startLocalServer({
  spawnProcess = spawn,
  exists = existsSync,
  log = console.log,
  cwd = root,
  env = process.env,
} = {}) {
  if (!exists(path.join(cwd, serverEntry))) {
    log(serverMissingMessage)
    return null
  }
  const tsxPackage = require.resolve('tsx/package.json')
  const tsxCli = path.join(path.dirname(tsxPackage), JSON.parse(readFileSync(tsxPackage, 'utf8')).bin)
  log(`starting the local Caseload server (${serverEntry} serve --demo-if-empty)`)
  const args = [tsxCli, '--tsconfig', 'tsconfig.server.json', serverEntry, 'serve', '--demo-if-empty']
  return spawnProcess(process.execPath, args, {
    cwd,
    env,
    stdio: 'inherit',
  })
}

function build() {
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  )
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' })
  return result.status === 0
}

function main() {
  const electron = findElectronBinary()
  if (!electron.ok) {
    console.error(electron.message)
    process.exit(1)
  }
  if (!build()) {
    console.error('The build failed (electron-vite build); see above.')
    process.exit(1)
  }

  const server = startLocalServer()
  // The app runs as itself: never as Node, never from a dev server.
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  delete env.ELECTRON_RENDERER_URL
  if (process.getuid?.() === 0) {
    console.warn('Note: Electron refuses to run as root on Linux; run `npm start` as a normal user.')
  }
  const app = spawn(electron.path, ['.'], { cwd: root, env, stdio: 'inherit' })

  const stopServer = () => {
    if (server && server.exitCode === null && !server.killed) server.kill('SIGTERM')
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      app.kill(signal)
      stopServer()
    })
  }
  app.on('error', (error) => {
    console.error(`Could not start Electron (${electron.path}): ${error.message}`)
    stopServer()
    process.exit(1)
  })
  app.on('exit', (code, signal) => {
    stopServer()
    process.exit(code ?? (signal ? 1 : 0))
  })
  server?.on('exit', (code) => {
    if (code) console.warn(`The local Caseload server stopped (exit ${code}); the app keeps working offline.`)
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main()
