// `npm run test:package`: packages the desktop app for Linux with electron-builder and checks what app.asar
// holds. The real Electron binary cannot be downloaded here, so electron-builder is given a stand-in
// Electron distribution (a placeholder executable and an empty resources/ folder: all electron-builder
// copies from an unpacked distribution for Linux) and the afterPack fuse hook is told to skip it
// (CASELOAD_STANDIN_ELECTRON=1). Everything else is the real packaging: the config, the file filters, asar.
//
// Exit code 0 when app.asar holds the built app (out/main, out/preload, out/renderer/index.html,
// package.json) and nothing else: no sources, tests, server, data, CI files or node_modules.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
// under node_modules/.cache: ignored by git, ESLint, Prettier and electron-builder's own file walk
const workDir = path.join(root, 'node_modules', '.cache', 'caseload-package-check')

/** @electron/asar comes with electron-builder (app-builder-lib depends on it). */
function loadAsar() {
  try {
    return require('@electron/asar')
  } catch {
    const builderLib = createRequire(require.resolve('app-builder-lib/package.json'))
    return builderLib('@electron/asar')
  }
}

const requiredFiles = [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
]

/** What must never be in app.asar, as [test, why]. Paths are asar paths: '/out/main/index.js'. */
const forbidden = [
  [
    (p) =>
      /^\/(electron|shared|server|test|scripts|resources|data|release|coverage|\.ci|\.git|\.tmp)(\/|$)/.test(
        p,
      ),
    'a source, tool or data folder',
  ],
  [
    (p) => p === '/renderer' || p.startsWith('/renderer/'),
    'renderer sources (only out/renderer belongs in the app)',
  ],
  [
    (p) => /(^|\/)node_modules(\/|$)/.test(p),
    'node_modules (main and preload are bundled; the app needs none)',
  ],
  [(p) => /\.(ts|tsx|mts|cts)$/.test(p) && !p.endsWith('.d.ts'), 'a TypeScript source'],
  [(p) => /\.test\.|\.spec\./.test(p), 'a test'],
  [(p) => /\.map$/.test(p), 'a source map'],
  [(p) => /(^|\/)\.env(\.|$)/.test(p), 'an environment file'],
  [(p) => /^\/out\/web(\/|$)/.test(p), 'the browser-mode build'],
  [
    (p) =>
      /^\/(tsconfig[^/]*\.json|eslint\.config\.js|vitest\.config\.ts|electron-builder\.yml|package-lock\.json)$/.test(
        p,
      ),
    'a project config file',
  ],
]

/** What is missing from, or must not be in, an app.asar listing ('/out/main/index.js' style paths). */
export function listingProblems(files) {
  const problems = []
  for (const file of requiredFiles) if (!files.includes(file)) problems.push(`missing ${file}`)
  for (const file of files) {
    for (const [test, why] of forbidden) if (test(file)) problems.push(`${file} must not be packaged: ${why}`)
  }
  return problems
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    error: result.error,
  }
}

function ensureBuilt(log) {
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
  if (outputs.every((file) => existsSync(path.join(root, file)))) return
  log('out/ is incomplete: running electron-vite build')
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  )
  const build = run(process.execPath, [cli, 'build'])
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.output}`)
}

/** A directory electron-builder accepts as an unpacked Electron for Linux. */
function createStandInElectron(dir) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(path.join(dir, 'resources'), { recursive: true })
  mkdirSync(path.join(dir, 'locales'), { recursive: true })
  const executable = path.join(dir, 'electron')
  writeFileSync(
    executable,
    '#!/bin/sh\necho "This is a stand-in for the Electron binary (scripts/check-package.mjs); it cannot run Caseload." >&2\nexit 1\n',
  )
  chmodSync(executable, 0o755)
  writeFileSync(
    path.join(dir, 'LICENSE'),
    'Stand-in for the Electron distribution, used by scripts/check-package.mjs.\n',
  )
  writeFileSync(
    path.join(dir, 'version'),
    JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version,
  )
  return dir
}

export function checkPackage({ log = console.log } = {}) {
  ensureBuilt(log)
  const standIn = createStandInElectron(path.join(workDir, 'electron-standin'))
  const output = path.join(workDir, 'release')
  rmSync(output, { recursive: true, force: true })

  log(`packaging with electron-builder --dir --linux (stand-in Electron at ${path.relative(root, standIn)})`)
  const builder = run(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--config',
      'electron-builder.yml',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${output}`,
    ],
    { CASELOAD_STANDIN_ELECTRON: '1', ELECTRON_BUILDER_OFFLINE: '1' },
  )
  if (builder.status !== 0)
    throw new Error(`electron-builder failed (exit ${builder.status}):\n${builder.output}`)

  const unpacked = readdirSync(output).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name))
  if (!unpacked) throw new Error(`electron-builder produced no linux-*-unpacked folder in ${output}`)
  const appDir = path.join(output, unpacked)
  const asarPath = path.join(appDir, 'resources', 'app.asar')
  if (!existsSync(asarPath)) throw new Error(`no app.asar at ${asarPath} (is asar enabled?)`)

  const asar = loadAsar()
  const files = asar.listPackage(asarPath, { isPack: false }).map((p) => p.split(path.sep).join('/'))
  const problems = listingProblems(files)
  const unpackedDir = path.join(appDir, 'resources', 'app.asar.unpacked')
  if (existsSync(unpackedDir))
    problems.push(`files were unpacked outside the asar: ${readdirSync(unpackedDir).join(', ')}`)
  if (existsSync(path.join(appDir, 'resources', 'app')))
    problems.push('a loose resources/app folder exists next to the asar')

  if (files.includes('/package.json')) {
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'))
    if (pkg.main !== 'out/main/index.js')
      problems.push(`package.json "main" is ${JSON.stringify(pkg.main)}, not out/main/index.js`)
    if (pkg.type !== 'module')
      problems.push('package.json "type" must stay "module" (out/main/index.js is an ES module)')
  }
  if (files.includes('/out/preload/index.cjs')) {
    const preload = asar.extractFile(asarPath, 'out/preload/index.cjs').toString('utf8')
    // a sandboxed preload is CommonJS and may require nothing but electron
    if (/^\s*(import|export)\s/m.test(preload)) problems.push('out/preload/index.cjs is not CommonJS')
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    const notAllowed = required.filter((name) => name !== 'electron')
    if (notAllowed.length)
      problems.push(`the sandboxed preload requires ${notAllowed.join(', ')} (only electron is available)`)
  }
  if (files.includes('/out/main/index.js')) {
    const main = asar.extractFile(asarPath, 'out/main/index.js').toString('utf8')
    if (!main.includes('../preload/index.cjs'))
      problems.push('out/main/index.js does not load ../preload/index.cjs')
    if (/from ["'](?!electron["']|node:)[^"'.][^"']*["']/.test(main)) {
      problems.push('out/main/index.js imports a package at run time, which is not packaged (bundle it)')
    }
  }
  if (!builder.output.includes('fuses NOT flipped')) {
    problems.push(
      'the afterPack fuse hook did not run (scripts/after-pack.mjs is not wired in electron-builder.yml)',
    )
  }

  return { asarPath, files, problems, builderOutput: builder.output }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
if (isMain) {
  try {
    const { asarPath, files, problems } = checkPackage()
    console.log(`\napp.asar (${path.relative(root, asarPath)}) holds ${files.length} entries:`)
    for (const file of files) console.log(`  ${file}`)
    if (problems.length) {
      console.error(`\nPACKAGE CHECK FAILED (${problems.length}):`)
      for (const problem of problems) console.error(`  - ${problem}`)
      process.exit(1)
    }
    console.log('\npackage check passed: app.asar holds the built app and nothing else')
  } catch (error) {
    console.error(`\nPACKAGE CHECK FAILED: ${error instanceof Error ? error.message : error}`)
    process.exit(1)
  }
}
