/** The afterPack hook of electron-builder.yml: which fuses Caseload ships with, and when it skips. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { FuseV1Options } from '@electron/fuses'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

interface AfterPackContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}
interface AfterPackModule {
  caseloadFuses(platform: string, arch: string): Record<string | number, unknown>
  electronBinaryPath(context: AfterPackContext): string
  default(context: AfterPackContext): Promise<void>
}

const afterPack = (await import(
  pathToFileURL(`${process.cwd()}/scripts/after-pack.mjs`).href
)) as AfterPackModule

describe('the Electron fuses', () => {
  it.each(['linux', 'win32', 'darwin'])(
    'turn off RunAsNode, NODE_OPTIONS and --inspect on %s; asar only; cookies encrypted',
    (platform) => {
      const fuses = afterPack.caseloadFuses(platform, 'x64')
      expect(fuses[FuseV1Options.RunAsNode]).toBe(false)
      expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
      expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
      expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
      expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true)
      expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false)
    },
  )

  it('validate the asar integrity where Electron supports it (macOS, Windows)', () => {
    expect(
      afterPack.caseloadFuses('darwin', 'arm64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
    ).toBe(true)
    expect(afterPack.caseloadFuses('win32', 'x64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(
      true,
    )
    expect(afterPack.caseloadFuses('linux', 'x64')).not.toHaveProperty(
      String(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
    )
    expect(afterPack.caseloadFuses('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true)
  })
})

describe('the afterPack hook', () => {
  let dir: string
  const context = (platform: string): AfterPackContext => ({
    appOutDir: dir,
    electronPlatformName: platform,
    arch: 1,
    packager: { appInfo: { productFilename: 'Caseload' }, executableName: 'caseload' },
  })
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'caseload-afterpack-'))
    await writeFile(path.join(dir, 'caseload'), '#!/bin/sh\nexit 1\n')
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await rm(dir, { recursive: true, force: true })
  })

  it('finds the binary of each platform', () => {
    expect(afterPack.electronBinaryPath(context('linux'))).toBe(path.join(dir, 'caseload'))
    expect(afterPack.electronBinaryPath(context('win32'))).toBe(path.join(dir, 'Caseload.exe'))
    expect(afterPack.electronBinaryPath(context('darwin'))).toBe(path.join(dir, 'Caseload.app'))
  })

  it('skips a stand-in binary only when CASELOAD_STANDIN_ELECTRON=1, and says so', async () => {
    vi.stubEnv('CASELOAD_STANDIN_ELECTRON', '1')
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    await expect(afterPack.default(context('linux'))).resolves.toBeUndefined()
    expect(log.mock.calls.flat().join('\n')).toMatch(/stand-in.*fuses NOT flipped/)
    log.mockRestore()
  })

  it('fails the packaging when the binary has no fuse wire (never ships unfused silently)', async () => {
    vi.stubEnv('CASELOAD_STANDIN_ELECTRON', '')
    await expect(afterPack.default(context('linux'))).rejects.toThrow()
  })
})
