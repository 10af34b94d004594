/** `npm start` (scripts/start.mjs): the missing-Electron message, and the local-server seam. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'

interface StartScript {
  electronMissingMessage: string
  serverMissingMessage: string
  serverEntry: string
  findElectronBinary(options?: {
    requireElectron?: () => unknown
    exists?: (file: string) => boolean
  }): { ok: true; path: string } | { ok: false; message: string }
  startLocalServer(options: {
    spawnProcess?: (command: string, args: string[], options: object) => unknown
    exists?: (file: string) => boolean
    log?: (line: string) => void
  }): unknown
}

const load = async () =>
  (await import(pathToFileURL(`${process.cwd()}/scripts/start.mjs`).href)) as StartScript

describe('finding the Electron binary', () => {
  it('says plainly what to do when the electron package has no binary', async () => {
    const start = await load()
    const result = start.findElectronBinary({
      requireElectron: () => {
        throw new Error(
          'Electron failed to install correctly, please delete node_modules/electron and try installing again',
        )
      },
    })
    expect(result).toEqual({ ok: false, message: start.electronMissingMessage })
    expect(start.electronMissingMessage).toContain('The Electron binary is not installed.')
    expect(start.electronMissingMessage).toContain('npm install')
    expect(start.electronMissingMessage).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(start.electronMissingMessage).toContain('npm run web')
  })

  it('treats a path to a missing file as missing, and an existing binary as found', async () => {
    const start = await load()
    expect(
      start.findElectronBinary({ requireElectron: () => '/nowhere/electron', exists: () => false }),
    ).toMatchObject({
      ok: false,
    })
    expect(start.findElectronBinary({ requireElectron: () => process.execPath })).toEqual({
      ok: true,
      path: process.execPath,
    })
  })

  it('npm start without an Electron binary prints the message and exits non-zero', () => {
    // Electron's own override points the package at an empty folder: the binary is missing on any machine.
    const emptyDist = mkdtempSync(join(tmpdir(), 'caseload-no-electron-'))
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
    })
    rmSync(emptyDist, { recursive: true, force: true })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'The Electron binary is not installed. Run `npm install` with network access to download it (unset ELECTRON_SKIP_BINARY_DOWNLOAD), or use `npm run web` to run Caseload in a browser.',
    )
  })
})

describe('startLocalServer', () => {
  it('says the app starts offline when the server is not there', async () => {
    const start = await load()
    const spawnProcess = vi.fn()
    const log = vi.fn()
    expect(start.startLocalServer({ spawnProcess, exists: () => false, log })).toBeNull()
    expect(log).toHaveBeenCalledWith('Caseload server not available yet; the app starts offline')
    expect(spawnProcess).not.toHaveBeenCalled()
  })

  it('runs `tsx server/src/cli/main.ts serve --demo-if-empty` when it is', async () => {
    const start = await load()
    const child = { pid: 1 }
    const spawnProcess = vi.fn(() => child)
    expect(start.startLocalServer({ spawnProcess, exists: () => true, log: () => undefined })).toBe(child)
    const [command, args] = spawnProcess.mock.calls[0] as unknown as [string, string[]]
    expect(command).toBe(process.execPath)
    expect(args[0]).toMatch(/tsx[/\\]dist[/\\]cli\.mjs$/)
    expect(args.slice(1)).toEqual([
      '--tsconfig',
      'tsconfig.server.json',
      start.serverEntry,
      'serve',
      '--demo-if-empty',
    ])
  })
})
