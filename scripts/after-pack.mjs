// electron-builder afterPack hook: flips the Electron fuses of the packaged binary, before it is signed.
// Fuses are switches compiled into the Electron binary; flipping them removes ways to run arbitrary code
// with the app's identity (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect, a loose app folder next to the asar).
//
// CASELOAD_STANDIN_ELECTRON=1 (set only by scripts/check-package.mjs, which packages with a stand-in file
// because the real Electron binary cannot be downloaded there) skips the flip: a stand-in has no fuse wire.
import path from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The fuses Caseload ships with, for a platform ('darwin' | 'mas' | 'win32' | 'linux'). */
export function caseloadFuses(platform, arch) {
  const isMac = platform === 'darwin' || platform === 'mas'
  return {
    version: FuseVersion.V1,
    // arm64 macOS refuses to run a binary whose ad-hoc signature no longer matches
    resetAdHocDarwinSignature: isMac && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // the renderer is served from app://, so file:// needs none of its historical extra privileges
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // the asar's hash is checked at start-up where Electron supports it (macOS, Windows);
    // electron-builder writes the expected hash into Info.plist / the .exe resources
    ...(isMac || platform === 'win32' ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true } : {}),
  }
}

export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`)
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return path.join(appOutDir, packager.executableName)
}

// electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal
const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']

export default async function afterPack(context) {
  const binary = electronBinaryPath(context)
  if (process.env.CASELOAD_STANDIN_ELECTRON === '1') {
    console.log(
      `  • after-pack: CASELOAD_STANDIN_ELECTRON=1, ${binary} is a stand-in, not Electron: fuses NOT flipped`,
    )
    return
  }
  const fuses = caseloadFuses(context.electronPlatformName, archNames[context.arch] ?? String(context.arch))
  await flipFuses(binary, fuses)
  console.log(`  • after-pack: fuses flipped on ${binary}`)
}
